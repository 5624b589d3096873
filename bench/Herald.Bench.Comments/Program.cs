using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

// Posts comments through Herald's real comment form as fast as WORKERS concurrent
// clients can: signs in once, collects one form token per comment from the article page
// first (so the measured part is the posting), then posts for SECONDS and reports
// acknowledged comments per second and latency. Only 127.0.0.1 is a valid target.
// Usage: Herald.Bench.Comments BASE_URL ARTICLE_PATH EMAIL PASSWORD WORKERS SECONDS COMMENTS
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: Herald.Bench.Comments BASE_URL ARTICLE_PATH EMAIL PASSWORD WORKERS SECONDS COMMENTS");
    return 2;
}
var baseUrl = new Uri(args[0]);
if (!IPAddress.TryParse(baseUrl.Host, out var address) || !IPAddress.IsLoopback(address))
{
    Console.Error.WriteLine("the target must be a loopback address such as http://127.0.0.1:PORT");
    return 2;
}
var (path, email, password) = (args[1], args[2], args[3]);
var workers = int.Parse(args[4], CultureInfo.InvariantCulture);
var seconds = int.Parse(args[5], CultureInfo.InvariantCulture);
var wanted = int.Parse(args[6], CultureInfo.InvariantCulture);

using var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, MaxConnectionsPerServer = 256 })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromSeconds(30),
};
static string Field(string html, string name) => Regex.Match(html, $"name=\"{name}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value;

var login = await client.GetStringAsync("/account/login");
using (var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = Field(login, "__RequestVerificationToken") }))
{
    if ((await client.PostAsync("/account/login", form)).StatusCode != HttpStatusCode.Found)
    {
        Console.Error.WriteLine("sign-in failed");
        return 1;
    }
}
var page = await client.GetStringAsync(path);
var articleId = Regex.Match(page, "action=\"/comments/(\\d+)\"").Groups[1].Value;
var antiforgery = Field(page, "__RequestVerificationToken");
if (articleId.Length == 0)
{
    Console.Error.WriteLine("the article page has no comment form for this account");
    return 1;
}

var tokens = new ConcurrentQueue<string>();
await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
{
    while (tokens.Count < wanted)
    {
        tokens.Enqueue(Field(await client.GetStringAsync(path), "FormToken"));
    }
}));

var acknowledged = new ConcurrentBag<string>();
var latencies = new ConcurrentBag<double>();
var errors = 0;
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
{
    var i = 0;
    while (clock.Elapsed.TotalSeconds < seconds && tokens.TryDequeue(out var token))
    {
        var text = $"Benchmark comment {worker}-{i++}: {Guid.NewGuid():N}";
        var started = Stopwatch.GetTimestamp();
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = text, ["FormToken"] = token, ["__RequestVerificationToken"] = antiforgery });
        var response = await client.PostAsync($"/comments/{articleId}", form);
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.StatusCode == HttpStatusCode.Found)
        {
            acknowledged.Add(text);
        }
        else
        {
            Interlocked.Increment(ref errors);
        }
    }
}));
var elapsed = clock.Elapsed.TotalSeconds;
var sorted = latencies.Order().ToArray();
double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"acknowledged {acknowledged.Count} comments in {elapsed:F1} s = {acknowledged.Count / elapsed:F0}/s, p50 {Percentile(0.5):F1} ms, p99 {Percentile(0.99):F1} ms, errors {errors}"));
// The texts of the acknowledged comments, one per line, for the stored-count check.
await File.WriteAllLinesAsync("acknowledged.txt", acknowledged);
return errors == 0 ? 0 : 1;
