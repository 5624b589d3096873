using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

// The "publish through the API, then read" scenario of bench/run.sh: what an editor's
// publish costs until readers get the new version. One process with kept-alive
// connections, like the desk in a browser, so that the time is the server's and the
// loopback's, not that of starting a client process per request (curl took about 30 ms to
// start on a slow day, three times per run).
internal static class Publish
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 6 || !int.TryParse(args[5], CultureInfo.InvariantCulture, out var runs) || runs < 1)
        {
            Console.Error.WriteLine("publish needs BASE_URL TOKEN ARTICLE_ID PAGE_PATH ARTICLE_FILE RUNS (RUNS at least 1)");
            return 2;
        }
        if (Target.Loopback(args[0]) is not { } baseUrl)
        {
            return 2;
        }
        var (token, id, pagePath, file) = (args[1], args[2], args[3], args[4]);
        var article = JsonNode.Parse(File.ReadAllText(file))?.AsObject();
        if (article?["title"] is null)
        {
            Console.Error.WriteLine($"{file} is not a herald/article@1 object with a title");
            return 2;
        }
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseUrl,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var articleUri = new Uri($"/api/v1/desk/articles/{id}", UriKind.Relative);
        var publishUri = new Uri($"/api/v1/desk/articles/{id}/publish", UriKind.Relative);
        var pageUri = new Uri(pagePath, UriKind.Relative);
        var totals = new List<double>();
        var (puts, publishes, reads, polls) = (new List<double>(), new List<double>(), new List<double>(), 0);
        for (var run = 1; run <= runs; run++)
        {
            var title = $"Bench API update {run} {Environment.TickCount64 % 1_000_000}";
            article["title"] = title;
            // Readers have the old version in every cache before the change.
            using (var before = await client.GetAsync(pageUri))
            {
                if (!before.IsSuccessStatusCode)
                {
                    Console.Error.WriteLine($"GET {pagePath} answered {(int)before.StatusCode} before the change");
                    return 1;
                }
            }
            var started = Stopwatch.GetTimestamp();
            using (var put = new HttpRequestMessage(HttpMethod.Put, articleUri) { Content = new StringContent(article.ToJsonString(), Encoding.UTF8, "application/json") })
            {
                if (await SendAsync(client, put, token) is { } problem)
                {
                    Console.Error.WriteLine($"PUT {articleUri}: {problem}");
                    return 1;
                }
            }
            var putMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using (var publish = new HttpRequestMessage(HttpMethod.Post, publishUri))
            {
                if (await SendAsync(client, publish, token) is { } problem)
                {
                    Console.Error.WriteLine($"POST {publishUri}: {problem}");
                    return 1;
                }
            }
            var publishedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var extra = 0;
            while (!(await client.GetStringAsync(pageUri)).Contains(title, StringComparison.Ordinal))
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
                {
                    Console.Error.WriteLine($"the title published through the API was not served at {pagePath} within 30 s");
                    return 1;
                }
                extra++;
            }
            var servedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            totals.Add(servedMs);
            puts.Add(putMs);
            publishes.Add(publishedMs - putMs);
            reads.Add(servedMs - publishedMs);
            polls += extra;
            Console.WriteLine(FormattableString.Invariant(
                $"run {run}: {servedMs:F1} ms (PUT {putMs:F1}, publish {publishedMs - putMs:F1}, reading the new version {servedMs - publishedMs:F1}; {extra} reads with the old one)"));
        }
        Console.WriteLine(FormattableString.Invariant(
            $"PUBLISH runs={runs} median_ms={Median(totals):F0} put_ms={Median(puts):F1} publish_ms={Median(publishes):F1} read_ms={Median(reads):F1} stale_reads={polls} all_ms={string.Join(',', totals.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}"));
        return 0;
    }

    // Null when the request succeeded; otherwise what the server answered.
    private static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }
        var body = await response.Content.ReadAsStringAsync();
        return $"HTTP {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}";
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
