using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Herald.Reading;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Herald.Tests.Reading;

// Pages travel compressed to readers who accept it, kept pages in codings made once: the
// bytes a reader decodes are always the page's, and caches between can tell the codings apart.
public sealed class CompressionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("", PageEncoding.Identity)]
    [InlineData("gzip", PageEncoding.Gzip)]
    [InlineData("x-gzip", PageEncoding.Gzip)]
    [InlineData("GZip", PageEncoding.Gzip)]
    [InlineData("br", PageEncoding.Brotli)]
    [InlineData("gzip, deflate, br, zstd", PageEncoding.Brotli)]
    [InlineData(" br ; q=0.9 ,\tgzip;q=0.8", PageEncoding.Brotli)]
    [InlineData("br;q=0.5, gzip", PageEncoding.Gzip)]
    [InlineData("br;q=0.5, gzip;Q=0.500", PageEncoding.Brotli)]
    [InlineData("gzip;q=0.001", PageEncoding.Gzip)]
    [InlineData("br;q=0, gzip;q=0.0", PageEncoding.Identity)]
    [InlineData("br;q=0.000", PageEncoding.Identity)]
    [InlineData("deflate, zstd", PageEncoding.Identity)]
    [InlineData("*", PageEncoding.Brotli)]
    [InlineData("*;q=0", PageEncoding.Identity)]
    [InlineData("gzip, *;q=0", PageEncoding.Gzip)]
    [InlineData("br;q=0, *", PageEncoding.Gzip)]
    [InlineData("identity", PageEncoding.Identity)]
    [InlineData("gzip;q=0.5, identity", PageEncoding.Identity)]
    [InlineData("gzip, identity;q=0.5", PageEncoding.Gzip)]
    [InlineData("br;q=1.5, gzip;q=0.2", PageEncoding.Gzip)]
    [InlineData("br;q=high", PageEncoding.Identity)]
    [InlineData("br;q=0.12345", PageEncoding.Identity)]
    [InlineData("br;level=5", PageEncoding.Identity)]
    [InlineData(",, ,br", PageEncoding.Brotli)]
    public void The_coding_is_the_accepted_one_of_highest_weight(string field, PageEncoding expected)
    {
        Assert.Equal(expected, Compression.Choose(Encoding.ASCII.GetBytes(field)));
        Assert.Equal(expected, Compression.Choose(new StringValues(field)));
    }

    [Fact]
    public void Two_fields_are_one_list()
    {
        Assert.Equal(PageEncoding.Gzip, Compression.Choose(new StringValues(["gzip", "br;q=0.1"])));
        Assert.Equal(PageEncoding.Identity, Compression.Choose(StringValues.Empty));
    }

    [Theory]
    [InlineData(PageEncoding.Gzip)]
    [InlineData(PageEncoding.Brotli)]
    public void A_coded_page_decodes_to_the_same_bytes(PageEncoding encoding)
    {
        var page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"<p>Paragraph {i}, with ü and €.</p>\n")));
        var coded = Compression.Encode(page, encoding);
        Assert.True(coded.Length < page.Length / 5, $"{encoding}: {coded.Length} of {page.Length} bytes");
        Assert.Equal(page, Decode(coded, Compression.Name(encoding)));
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("application/rss+xml; charset=utf-8", true)]
    [InlineData("application/json", true)]
    [InlineData("TEXT/CSS", true)]
    [InlineData("text/event-stream", false)]
    [InlineData("image/jpeg", false)]
    [InlineData(null, false)]
    public void Only_text_types_are_worth_compressing(string? type, bool compressible) =>
        Assert.Equal(compressible, Compression.IsCompressible(type));

    [Fact]
    public async Task A_page_is_sent_in_the_coding_asked_for_whether_rendered_or_kept()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await site.PublishAsync(Samples.Article("coded", blocks: [.. Enumerable.Range(1, 30).Select(i => new Herald.Articles.ParagraphBlock($"Paragraph {i} of a story."))]));
        var front = site.Get<FrontCache>();
        var client = site.Client();

        // Rendered (nothing kept yet): compressed as it is sent, with a weak ETag.
        var rendered = await GetAsync(client, "/world/coded", "gzip");
        Assert.Equal(HttpStatusCode.OK, rendered.StatusCode);
        Assert.Equal(["gzip"], rendered.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", rendered.Headers.Vary);
        Assert.True(rendered.Headers.ETag!.IsWeak);
        var page = Decode(await rendered.Content.ReadAsByteArrayAsync(Ct), "gzip");
        Assert.Contains("Paragraph 30 of a story.", Encoding.UTF8.GetString(page), StringComparison.Ordinal);
        for (var i = 0; i < 100 && front.Count == 0; i++)
        {
            await Task.Delay(20, Ct);
        }
        Assert.Equal(1, front.Count);

        // Kept: the same page in every coding, with its length, and the plain page's ETag,
        // weak when coded.
        var plain = await GetAsync(client, "/world/coded", null);
        Assert.NotNull(plain.Headers.Age);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        Assert.False(plain.Headers.ETag!.IsWeak);
        Assert.Equal(page, await plain.Content.ReadAsByteArrayAsync(Ct));
        foreach (var (accept, coding) in new[] { ("br", "br"), ("gzip, deflate, br, zstd", "br"), ("gzip", "gzip"), ("br;q=0.1, gzip", "gzip"), ("identity", null) })
        {
            var kept = await GetAsync(client, "/world/coded", accept);
            Assert.NotNull(kept.Headers.Age);
            var bytes = await kept.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(bytes.Length, kept.Content.Headers.ContentLength);
            Assert.Equal(coding is null ? [] : [coding], kept.Content.Headers.ContentEncoding);
            Assert.Equal(page, Decode(bytes, coding));
            Assert.Equal(coding is not null, kept.Headers.ETag!.IsWeak);
            Assert.Equal(plain.Headers.ETag.Tag, kept.Headers.ETag.Tag);
            Assert.Contains("Accept-Encoding", kept.Headers.Vary);
        }

        // A reader revalidating the compressed copy it holds: 304, with the weak tag, from the
        // front cache and through the pipeline (a query string passes the front cache) alike.
        foreach (var path in new[] { "/world/coded", "/world/coded?ref=x" })
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.AcceptEncoding.ParseAdd("br");
            conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(plain.Headers.ETag.Tag, isWeak: true));
            var notModified = await client.SendAsync(conditional, Ct);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.True(notModified.Headers.ETag!.IsWeak);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task A_page_asked_for_through_query_strings_is_coded_once_per_content_and_coding()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var doc = Samples.Article("coded-query", blocks: [.. Enumerable.Range(1, 30).Select(i => new Herald.Articles.ParagraphBlock($"Paragraph {i} of a story."))]);
        await site.PublishAsync(doc);
        var coded = site.Get<CodedPages>();
        var client = site.Client();
        var page = await (await GetAsync(client, "/world/coded-query?utm_source=plain", null)).Content.ReadAsByteArrayAsync(Ct);
        var before = coded.Count;

        var first = await GetAsync(client, "/world/coded-query?utm_source=a", "br");
        var firstBytes = await first.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(["br"], first.Content.Headers.ContentEncoding);
        Assert.Equal(firstBytes.Length, first.Content.Headers.ContentLength);
        Assert.True(first.Headers.ETag!.IsWeak);
        Assert.Contains("Accept-Encoding", first.Headers.Vary);
        Assert.Equal(page, Decode(firstBytes, "br"));
        Assert.Equal(before + 1, coded.Count);

        // Another query string, the same page (the output cache ignores tracking keys): the copy made above.
        var second = await GetAsync(client, "/world/coded-query?utm_source=b", "gzip;q=0.5, br");
        Assert.Equal(firstBytes, await second.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(before + 1, coded.Count);
        var gzip = await GetAsync(client, "/world/coded-query?utm_source=c", "gzip");
        Assert.Equal(page, Decode(await gzip.Content.ReadAsByteArrayAsync(Ct), "gzip"));
        Assert.Equal(before + 2, coded.Count);

        // A changed page is another content: coded anew, never the old copy.
        await site.PublishAsync(doc with { Title = "A changed headline", Updated = doc.Published!.Value.AddHours(1) });
        var changed = Encoding.UTF8.GetString(Decode(await (await GetAsync(client, "/world/coded-query?utm_source=a", "br")).Content.ReadAsByteArrayAsync(Ct), "br"));
        Assert.Contains("A changed headline", changed, StringComparison.Ordinal);
        Assert.Equal(before + 3, coded.Count);
    }

    [Fact]
    public void Readers_asking_at_once_for_a_page_not_yet_coded_wait_for_one_coding()
    {
        var coded = new CodedPages(TimeProvider.System);
        var page = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 6000).Select(i => $"<p>Paragraph {i} of a story everyone reads at once.</p>\n")));
        var etag = "\"" + Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(page)) + "\"";
        const int readers = 8;
        var results = new byte[readers][];
        using var start = new Barrier(readers);
        var threads = Enumerable.Range(0, readers).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = coded.For(etag, PageEncoding.Brotli, page);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(1, coded.Made);
        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(page, Decode(results[0], "br"));

        // An ETag that does not name the content (not a content hash) is never kept.
        Assert.NotSame(coded.For("\"7\"", PageEncoding.Gzip, page), coded.For("\"7\"", PageEncoding.Gzip, page));
        Assert.Equal(1, coded.Count);
    }

    [Fact]
    public async Task Feeds_and_assets_are_compressed_and_the_live_stream_is_not()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await site.PublishAsync(Samples.Article("coded-feed"));
        var client = site.Client();
        var feed = await GetAsync(client, Herald.Feeds.FeedPaths.Home(Herald.Feeds.FeedFormat.Rss), "br");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal(["br"], feed.Content.Headers.ContentEncoding);
        Assert.Contains("coded-feed", Encoding.UTF8.GetString(Decode(await feed.Content.ReadAsByteArrayAsync(Ct), "br")), StringComparison.Ordinal);

        // The stylesheet, kept in each coding: sent whole, with its length, decoding to the plain file.
        var plainCss = await GetAsync(client, Assets.StylesheetPath, null);
        Assert.Empty(plainCss.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", plainCss.Headers.Vary);
        var stylesheet = await plainCss.Content.ReadAsByteArrayAsync(Ct);
        foreach (var coding in new[] { "gzip", "br" })
        {
            var css = await GetAsync(client, Assets.StylesheetPath, coding);
            var bytes = await css.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal([coding], css.Content.Headers.ContentEncoding);
            Assert.Equal(bytes.Length, css.Content.Headers.ContentLength);
            Assert.True(bytes.Length < stylesheet.Length / 2);
            Assert.Equal(stylesheet, Decode(bytes, coding));
        }
    }

    [Fact]
    public async Task An_etag_that_names_a_revision_stays_strong_when_compressed_so_if_match_still_guards()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var (_, token) = await site.Get<Herald.Desk.ApiTokens>().CreateAsync("wire", "editor", "test");
        var api = site.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var doc = Samples.Article("coded-desk") with { Draft = true, Published = null };
        var created = await api.PostAsync(new Uri("/api/v1/desk/articles", UriKind.Relative),
            new StringContent(Herald.Articles.ArticleJson.Write(doc), Encoding.UTF8, "application/json"), Ct);
        var location = created.Headers.Location!.OriginalString;

        var read = await GetAsync(api, location, "gzip");
        Assert.Equal(["gzip"], read.Content.Headers.ContentEncoding);
        Assert.False(read.Headers.ETag!.IsWeak);
        using var stale = new HttpRequestMessage(HttpMethod.Put, location)
        {
            Content = new StringContent(Herald.Articles.ArticleJson.Write(doc with { Title = "Changed" }), Encoding.UTF8, "application/json"),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.SendAsync(stale, Ct)).StatusCode);
        using var save = new HttpRequestMessage(HttpMethod.Put, location)
        {
            Content = new StringContent(Herald.Articles.ArticleJson.Write(doc with { Title = "Saved" }), Encoding.UTF8, "application/json"),
        };
        save.Headers.IfMatch.Add(read.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(save, Ct)).StatusCode);
    }

    // Over HTTPS only what every reader shares is compressed (BREACH): the rule as ASP.NET's
    // response compression applies it, with the provider Herald registers.
    [Theory]
    [InlineData(true, "public, max-age=0", false, false, true)]
    [InlineData(true, "no-cache, no-store", false, false, false)]
    [InlineData(true, "public, max-age=0", true, false, false)]
    [InlineData(true, "public, max-age=0", false, true, false)]
    [InlineData(true, null, false, false, false)]
    [InlineData(false, "no-cache, no-store", true, true, true)]
    public async Task Over_https_only_shared_responses_are_compressed(bool https, string? cacheControl, bool signedIn, bool setsCookie, bool compressed)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var provider = site.Services.GetRequiredService<IResponseCompressionProvider>();
        var context = new DefaultHttpContext();
        context.Request.Scheme = https ? "https" : "http";
        context.Request.Headers.AcceptEncoding = "gzip";
        if (signedIn)
        {
            context.Request.Headers.Cookie = $"{Herald.Accounts.AccountsSetup.CookieName}=x";
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = cacheControl;
        if (setsCookie)
        {
            context.Response.Headers.SetCookie = "a=b";
        }
        Assert.True(provider.CheckRequestAcceptsCompression(context));
        Assert.Equal(compressed, provider.ShouldCompressResponse(context));
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", accept);
        }
        return await client.SendAsync(request, Ct);
    }

    internal static byte[] Decode(byte[] bytes, string? coding)
    {
        if (coding is null)
        {
            return bytes;
        }
        using var input = new MemoryStream(bytes);
        using Stream decoder = coding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}
