using System.Net;
using Microsoft.Extensions.Logging;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_metrics_show_requests_cache_renders_and_the_comment_queue()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await site.PublishAsync(Samples.Article("measured"));
        var client = site.Client();
        for (var i = 0; i < 5; i++)
        {
            await client.GetStringAsync(new Uri("/world/measured", UriKind.Relative), Ct);
        }
        string metrics = "";
        var started = TimeProvider.System.GetTimestamp();
        do
        {
            await Task.Delay(100, Ct);
            var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            metrics = await response.Content.ReadAsStringAsync(Ct);
        }
        while (!metrics.Contains("herald_pages_requests", StringComparison.Ordinal) && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
        Assert.Contains("herald_pages_requests_total", metrics, StringComparison.Ordinal);
        Assert.Contains("herald_pages_renders_total", metrics, StringComparison.Ordinal);
        Assert.Contains("herald_comments_pending", metrics, StringComparison.Ordinal);
        Assert.Contains("herald_jobs_lag", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        var requests = Value(metrics, "herald_pages_requests_total");
        var renders = Value(metrics, "herald_pages_renders_total");
        Assert.True(requests >= 5 && renders < requests, $"requests {requests}, renders {renders}: the cache served most of them");
    }

    // With ASP.NET Core's per-request log category on (even at Critical), every request, a
    // front-cache hit too, gets an Activity and a logging scope: half of what a cached page's
    // request allocated. The category is off by default, an operator can switch it on, and
    // the request metrics (measured separately) stay.
    [Fact]
    public async Task Per_request_log_lines_are_off_by_default_and_can_be_switched_on()
    {
        const string category = "Microsoft.AspNetCore.Hosting.Diagnostics";
        await using (var site = await TestSite.StartAsync(TestDatabases.Sqlite))
        {
            var logger = site.Get<ILoggerFactory>().CreateLogger(category);
            Assert.False(logger.IsEnabled(LogLevel.Critical));
            Assert.True(site.Get<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        }
        await using (var site = await TestSite.StartAsync(TestDatabases.Sqlite, null, ($"Logging:LogLevel:{category}", "Information")))
        {
            Assert.True(site.Get<ILoggerFactory>().CreateLogger(category).IsEnabled(LogLevel.Information));
        }
    }

    private static double Value(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).Sum();
}
