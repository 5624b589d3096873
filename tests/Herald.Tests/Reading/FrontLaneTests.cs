using System.Net.Sockets;
using System.Text;
using Herald.Reading;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

// The front lane on real sockets: Herald on Kestrel at 127.0.0.1, spoken to byte by byte.
// Whatever the lane answers must be what the pipeline would have sent, and whatever it does
// not answer must reach Kestrel whole and in order, on the same connection.
public sealed class FrontLaneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string PagePath = "/world/lane";

    private static async Task<(LiveSite Site, FrontLane Lane)> StartAsync(Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null)
    {
        var site = LiveSite.Start(demo: false, kestrel);
        await PublishAsync(site, Samples.Article("lane", title: "The first headline",
            blocks: [.. Enumerable.Range(1, 40).Select(i => new Herald.Articles.ParagraphBlock($"Paragraph {i} of a page long enough to fill a socket."))]));
        return (site, site.Get<FrontLane>());
    }

    // Publishes, and waits for the change log's poll to have seen it too: it evicts the
    // article's tags once more, which would otherwise keep a render made before it from the cache.
    private static async Task PublishAsync(LiveSite site, Herald.Articles.ArticleDocument doc)
    {
        var changes = site.Get<Herald.Data.ChangeLog>();
        var seen = 0;
        void Count(IReadOnlyCollection<string> tags) => Interlocked.Increment(ref seen);
        changes.Changed += Count;
        try
        {
            await site.PublishAsync(doc);
            for (var i = 0; i < 500 && Volatile.Read(ref seen) < 2; i++)
            {
                await Task.Delay(20, Ct);
            }
            Assert.True(Volatile.Read(ref seen) >= 2);
        }
        finally
        {
            changes.Changed -= Count;
        }
    }

    private static string Get(string path, string extra = "") => $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n{extra}\r\n";

    // The first request renders the page through Kestrel; the front cache keeps it once the
    // response has gone out (the client may see it a moment before), unless an eviction ran
    // meanwhile (the change log's poll of the publish, say): then the next render is kept.
    private static async Task<Wire.Response> RenderAsync(LiveSite site)
    {
        var front = site.Get<FrontCache>();
        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        for (var attempt = 0; ; attempt++)
        {
            await wire.SendAsync(Get(PagePath));
            var rendered = await wire.ReadAsync();
            Assert.Equal(200, rendered.Status);
            for (var i = 0; i < 25 && front.Count == 0; i++)
            {
                await Task.Delay(20, Ct);
            }
            if (front.Count == 1 || attempt == 10)
            {
                Assert.Equal(1, front.Count);
                return rendered;
            }
        }
    }

    [Fact]
    public async Task A_page_the_front_cache_holds_is_answered_on_the_socket_as_the_pipeline_sent_it()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        var rendered = await RenderAsync(site);
        Assert.Equal(0, lane.Served);

        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        await wire.SendAsync(Get(PagePath));
        var served = await wire.ReadAsync();
        Assert.Equal(1, lane.Served);
        Assert.Equal(200, served.Status);
        Assert.Equal(rendered.Body, served.Body);
        Assert.Equal(Fields(rendered), Fields(served));
        Assert.Equal("0", served.Header("Age"));
        Assert.True(DateTimeOffset.TryParse(served.Header("Date"), out _));
        Assert.Equal(served.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), served.Header("Content-Length"));

        // Kept alive: the next request on the connection is answered the same way.
        await wire.SendAsync(Get(PagePath, "Connection: keep-alive\r\n"));
        Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
        Assert.Equal(2, lane.Served);
    }

    // Every header but the two made per response, in a stable order.
    private static List<string> Fields(Wire.Response response) =>
        [.. response.Headers.Where(h => h.Name is not ("Date" or "Age")).Select(h => $"{h.Name}: {h.Value}").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_conditional_request_gets_the_304_or_the_page_the_front_cache_would_send()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        var rendered = await RenderAsync(site);
        var etag = rendered.Header("ETag")!;

        // The front cache's own 304 through Kestrel: a POST first hands the connection over.
        Wire.Response kestrels;
        await using (var wire = await Wire.OpenAsync(site.BaseAddress))
        {
            await wire.SendAsync($"POST {PagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n" + Get(PagePath, $"If-None-Match: {etag}\r\n"));
            Assert.Equal(405, (await wire.ReadAsync()).Status);
            kestrels = await wire.ReadAsync();
            Assert.Equal(304, kestrels.Status);
        }
        Assert.Equal(0, lane.Served);

        await using (var wire = await Wire.OpenAsync(site.BaseAddress))
        {
            await wire.SendAsync(Get(PagePath, $"If-None-Match: \"other\", {etag}\r\nIf-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n"));
            var notModified = await wire.ReadAsync();
            Assert.Equal(304, notModified.Status);
            Assert.Empty(notModified.Body);
            Assert.Equal(Fields(kestrels), Fields(notModified));
            Assert.Equal(1, lane.Served);

            // A validator that does not match: the page, as without one.
            await wire.SendAsync(Get(PagePath, "If-None-Match: \"other\"\r\n"));
            var page = await wire.ReadAsync();
            Assert.Equal(200, page.Status);
            Assert.Equal(rendered.Body, page.Body);
            Assert.Equal(2, lane.Served);

            // A date alone is compared with Last-Modified by the pipeline.
            await wire.SendAsync(Get(PagePath, "If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT\r\n"));
            Assert.Equal(200, (await wire.ReadAsync()).Status);
            Assert.Equal(2, lane.Served);
        }
    }

    [Fact]
    public async Task A_reader_who_accepts_compression_gets_the_kept_coding_the_front_cache_would_send()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        var rendered = await RenderAsync(site);
        var weak = "W/" + rendered.Header("ETag");
        foreach (var (accept, coding) in new[] { ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0, gzip;q=0", null) })
        {
            var request = Get(PagePath, $"Accept-Encoding: {accept}\r\n");
            var conditional = Get(PagePath, $"Accept-Encoding: {accept}\r\nIf-None-Match: {weak}\r\n");

            // What the front cache sends through Kestrel: a POST first hands the connection over.
            Wire.Response kestrels, kestrels304;
            var before = lane.Served;
            await using (var wire = await Wire.OpenAsync(site.BaseAddress))
            {
                await wire.SendAsync($"POST {PagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n" + request + conditional);
                Assert.Equal(405, (await wire.ReadAsync()).Status);
                kestrels = await wire.ReadAsync();
                kestrels304 = await wire.ReadAsync();
            }
            Assert.Equal(before, lane.Served);

            await using (var wire = await Wire.OpenAsync(site.BaseAddress))
            {
                await wire.SendAsync(request + conditional);
                var served = await wire.ReadAsync();
                var notModified = await wire.ReadAsync();
                Assert.Equal(before + 2, lane.Served);
                Assert.Equal(200, served.Status);
                Assert.Equal(coding, served.Header("Content-Encoding"));
                Assert.Equal(kestrels.Body, served.Body);
                Assert.Equal(rendered.Body, CompressionTests.Decode(served.Body, coding));
                Assert.Equal(Fields(kestrels), Fields(served));
                Assert.Equal(304, notModified.Status);
                Assert.Equal(Fields(kestrels304), Fields(notModified));
                Assert.Equal(coding is null ? rendered.Header("ETag") : weak, notModified.Header("ETag"));
            }
        }
    }

    [Fact]
    public async Task Requests_it_does_not_answer_reach_kestrel_in_order_on_the_same_connection()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        var rendered = await RenderAsync(site);
        var etag = rendered.Header("ETag")!;
        var signIn = $"Cookie: {Herald.Accounts.AccountsSetup.CookieName}=not-a-ticket\r\n";

        // All in one write to a new connection: the lane has only peeked at them when it meets the POST.
        await using (var wire = await Wire.OpenAsync(site.BaseAddress))
        {
            await wire.SendAsync(Get(PagePath) + Get(PagePath) +
                $"POST {PagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello" +
                Get(PagePath) + Get(PagePath + "?page=1") + Get(PagePath, $"If-None-Match: {etag}\r\n") + Get(PagePath, signIn) +
                $"HEAD {PagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
            Assert.Equal(405, (await wire.ReadAsync()).Status);
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
            var query = await wire.ReadAsync();
            Assert.Equal(200, query.Status);
            Assert.Contains("The first headline", Encoding.UTF8.GetString(query.Body), StringComparison.Ordinal);
            var conditional = await wire.ReadAsync();
            Assert.Equal(304, conditional.Status);
            Assert.Empty(conditional.Body);
            Assert.Equal(200, (await wire.ReadAsync()).Status);
            var head = await wire.ReadAsync(head: true);
            Assert.Equal(200, head.Status);
            Assert.Empty(head.Body);
        }
        Assert.Equal(2, lane.Served);

        // After a hit the lane reads (no longer peeks): what it read is handed over first.
        await using (var wire = await Wire.OpenAsync(site.BaseAddress))
        {
            await wire.SendAsync(Get(PagePath));
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
            await wire.SendAsync(Get(PagePath) + $"POST {PagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello" + Get(PagePath));
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
            Assert.Equal(405, (await wire.ReadAsync()).Status);
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
        }
        Assert.Equal(4, lane.Served);
    }

    [Fact]
    public async Task A_request_that_arrives_in_pieces_is_served_whole_by_kestrel()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        var rendered = await RenderAsync(site);
        var request = Get(PagePath);
        var half = request.Length / 2;

        // On a new connection (peeked, nothing taken from the socket) and after a hit (read, then replayed).
        foreach (var hitFirst in new[] { false, true })
        {
            await using var wire = await Wire.OpenAsync(site.BaseAddress);
            if (hitFirst)
            {
                await wire.SendAsync(request);
                Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
            }
            var before = lane.Served;
            await wire.SendAsync(request[..half]);
            await Task.Delay(200, Ct);
            await wire.SendAsync(request[half..]);
            var served = await wire.ReadAsync();
            Assert.Equal(200, served.Status);
            Assert.Equal(rendered.Body, served.Body);
            Assert.Equal(before, lane.Served);
            // Kestrel has the connection now, and keeps answering on it.
            await wire.SendAsync(request);
            Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
        }
    }

    [Fact]
    public async Task Responses_a_slow_reader_does_not_take_at_once_are_finished_in_order()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        var rendered = await RenderAsync(site);
        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        await wire.SendAsync(Get(PagePath));
        Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);

        // 1,500 pages (about 20 MB, more than the sockets' buffers hold) asked for at once, and a
        // miss behind them, before reading anything.
        const int count = 1500;
        await wire.SendAsync(string.Concat(Enumerable.Repeat(Get(PagePath), count)) + Get(PagePath + "?page=1"));
        await Task.Delay(300, Ct);
        for (var i = 0; i < count; i++)
        {
            var served = await wire.ReadAsync();
            Assert.Equal(200, served.Status);
            Assert.Equal(rendered.Body, served.Body);
        }
        var last = await wire.ReadAsync();
        Assert.Equal(200, last.Status);
        Assert.Contains("The first headline", Encoding.UTF8.GetString(last.Body), StringComparison.Ordinal);
        // All of them if the lane's reads of 32 KB end between requests; where one ends inside
        // a request, the connection (with the part read) goes to Kestrel, which answers the rest.
        Assert.InRange(lane.Served, 2, 1 + count);
    }

    [Fact]
    public async Task A_changed_page_is_not_served_from_the_lane_once_it_changed()
    {
        var (site, lane) = await StartAsync();
        await using var running = site;
        await RenderAsync(site);
        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        await wire.SendAsync(Get(PagePath));
        Assert.Contains("The first headline", Encoding.UTF8.GetString((await wire.ReadAsync()).Body), StringComparison.Ordinal);
        Assert.Equal(1, lane.Served);

        var doc = Samples.Article("lane", title: "The second headline");
        await PublishAsync(site, doc with { Updated = doc.Published!.Value.AddHours(1) });
        await wire.SendAsync(Get(PagePath));
        var updated = Encoding.UTF8.GetString((await wire.ReadAsync()).Body);
        Assert.Contains("The second headline", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("The first headline", updated, StringComparison.Ordinal);
        Assert.Equal(1, lane.Served);

        // Kept again once that render has gone out, and from then on served by the lane.
        var front = site.Get<FrontCache>();
        for (var i = 0; i < 100 && front.Count == 0; i++)
        {
            await Task.Delay(20, Ct);
        }
        await using var next = await Wire.OpenAsync(site.BaseAddress);
        await next.SendAsync(Get(PagePath));
        Assert.Contains("The second headline", Encoding.UTF8.GetString((await next.ReadAsync()).Body), StringComparison.Ordinal);
        Assert.Equal(2, lane.Served);
    }

    [Fact]
    public async Task Kestrels_limit_on_open_connections_counts_the_lanes_and_the_handed_over_ones()
    {
        var (site, lane) = await StartAsync(o => o.Limits.MaxConcurrentConnections = 2);
        await using var running = site;
        await RenderAsync(site);

        // One connection the lane answers and keeps, one it handed to Kestrel (a POST); the
        // render's connection may take a moment to count as closed, so each is tried again.
        var (kept, served) = await OpenServedAsync(site, Get(PagePath));
        Assert.Equal(200, served.Status);
        Assert.True(lane.Served >= 1);
        var (handed, refused) = await OpenServedAsync(site, $"POST {PagePath} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
        Assert.Equal(405, refused.Status);

        // A third is over the limit: closed as soon as it is accepted, whatever it sends.
        await using (var third = await Wire.OpenAsync(site.BaseAddress))
        {
            await third.SendAsync(Get(PagePath));
            Assert.True(await third.ClosedAsync(TimeSpan.FromSeconds(10)));
        }

        // Kestrel's connection closes: room for one more, again.
        await handed.DisposeAsync();
        var (next, again) = await OpenServedAsync(site, Get(PagePath));
        Assert.Equal(200, again.Status);
        await next.DisposeAsync();
        await kept.DisposeAsync();
    }

    // A connection that was let in and answered, tried for up to ten seconds.
    private static async Task<(Wire Wire, Wire.Response Response)> OpenServedAsync(LiveSite site, string request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var wire = await Wire.OpenAsync(site.BaseAddress);
            try
            {
                await wire.SendAsync(request);
                return (wire, await wire.ReadAsync());
            }
            catch (IOException) when (attempt < 100)
            {
                await wire.DisposeAsync();
                await Task.Delay(100, Ct);
            }
        }
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_kestrels_keep_alive_timeout()
    {
        var (site, lane) = await StartAsync(kestrel => kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(2));
        await using var running = site;
        await RenderAsync(site);
        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        await wire.SendAsync(Get(PagePath));
        Assert.Equal(200, (await wire.ReadAsync()).Status);
        Assert.Equal(1, lane.Served);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.True(await wire.ClosedAsync(TimeSpan.FromSeconds(10)));
        Assert.InRange(started.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Stopping_the_server_closes_the_lanes_connections()
    {
        var (site, lane) = await StartAsync();
        await RenderAsync(site);
        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        await wire.SendAsync(Get(PagePath));
        Assert.Equal(200, (await wire.ReadAsync()).Status);
        Assert.Equal(1, lane.Served);
        var stopping = site.DisposeAsync().AsTask();
        Assert.True(await wire.ClosedAsync(TimeSpan.FromSeconds(10)));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), Ct);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_scheme_gets_its_own_page()
    {
        // Loopback is one of the forwarded-headers middleware's known networks once proxies are set.
        await using var site = LiveSite.Start(settings: ("Herald:KnownProxies:0", "192.0.2.10"));
        var lane = site.Get<FrontLane>();
        var front = site.Get<FrontCache>();
        await PublishAsync(site, Samples.Article("lane"));
        var pages = new Dictionary<string, byte[]>();
        foreach (var scheme in new[] { "https", "http" })
        {
            var request = Get(PagePath, $"X-Forwarded-Proto: {scheme}\r\nX-Forwarded-For: 203.0.113.7\r\n");
            var before = lane.Served;
            await using (var wire = await Wire.OpenAsync(site.BaseAddress))
            {
                await wire.SendAsync(request);
                pages[scheme] = (await wire.ReadAsync()).Body;
            }
            Assert.Contains($"{scheme}://127.0.0.1", Encoding.UTF8.GetString(pages[scheme]), StringComparison.Ordinal);
            for (var i = 0; i < 100 && front.Count < pages.Count; i++)
            {
                await Task.Delay(20, Ct);
            }
            await using (var wire = await Wire.OpenAsync(site.BaseAddress))
            {
                await wire.SendAsync(request);
                Assert.Equal(pages[scheme], (await wire.ReadAsync()).Body);
            }
            Assert.Equal(before + 1, lane.Served);
        }
        Assert.NotEqual(pages["http"], pages["https"]);
    }

    [Fact]
    public async Task Switched_off_kestrel_serves_everything()
    {
        await using var site = LiveSite.Start(settings: ("Herald:FrontLane", "false"));
        Assert.Null(site.Services.GetService(typeof(FrontLane)));
        await PublishAsync(site, Samples.Article("lane"));
        var rendered = await RenderAsync(site);
        await using var wire = await Wire.OpenAsync(site.BaseAddress);
        await wire.SendAsync(Get(PagePath));
        Assert.Equal(rendered.Body, (await wire.ReadAsync()).Body);
    }

    // A plain HTTP/1.1 client on one socket: requests are written as given, responses read
    // one at a time (Content-Length or chunked bodies).
    private sealed class Wire : IAsyncDisposable
    {
        private readonly TcpClient client;
        private readonly NetworkStream stream;
        private byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;

        private Wire(TcpClient client)
        {
            this.client = client;
            stream = client.GetStream();
        }

        public sealed record Response(int Status, List<(string Name, string Value)> Headers, byte[] Body)
        {
            public string? Header(string name) =>
                Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
        }

        public static async Task<Wire> OpenAsync(Uri site)
        {
            var client = new TcpClient { NoDelay = true };
            await client.ConnectAsync(site.Host, site.Port, Ct);
            return new Wire(client);
        }

        public Task SendAsync(string text) => stream.WriteAsync(Encoding.Latin1.GetBytes(text), Ct).AsTask();

        public async Task<Response> ReadAsync(bool head = false)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            var headEnd = await UntilAsync("\r\n\r\n"u8.ToArray(), timeout.Token);
            var lines = Encoding.Latin1.GetString(buffer, start, headEnd - start).Split("\r\n");
            start = headEnd + 4;
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = lines.Skip(1).Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
            var response = new Response(status, headers, []);
            if (head || status is 304 or 204)
            {
                return response;
            }
            if (response.Header("Transfer-Encoding") == "chunked")
            {
                var body = new MemoryStream();
                while (true)
                {
                    var lineEnd = await UntilAsync("\r\n"u8.ToArray(), timeout.Token);
                    var size = Convert.ToInt32(Encoding.ASCII.GetString(buffer, start, lineEnd - start), 16);
                    start = lineEnd + 2;
                    var chunk = await TakeAsync(size + 2, timeout.Token);
                    body.Write(chunk, 0, size);
                    if (size == 0)
                    {
                        return response with { Body = body.ToArray() };
                    }
                }
            }
            var length = int.Parse(response.Header("Content-Length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            return response with { Body = await TakeAsync(length, timeout.Token) };
        }

        // True when the server closes the connection within the time given.
        public async Task<bool> ClosedAsync(TimeSpan within)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(within);
            try
            {
                return await stream.ReadAsync(new byte[1], timeout.Token) == 0;
            }
            catch (IOException)
            {
                return true;
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                return false;
            }
        }

        private async Task<int> UntilAsync(byte[] marker, CancellationToken cancellation)
        {
            while (true)
            {
                var at = buffer.AsSpan(start, end - start).IndexOf(marker);
                if (at >= 0)
                {
                    return start + at;
                }
                await FillAsync(cancellation);
            }
        }

        private async Task<byte[]> TakeAsync(int count, CancellationToken cancellation)
        {
            while (end - start < count)
            {
                await FillAsync(cancellation);
            }
            var taken = buffer.AsSpan(start, count).ToArray();
            start += count;
            return taken;
        }

        private async Task FillAsync(CancellationToken cancellation)
        {
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellation);
            if (read == 0)
            {
                throw new IOException("the server closed the connection");
            }
            end += read;
        }

        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
