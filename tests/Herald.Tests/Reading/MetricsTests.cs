using System.Net;
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

    private static double Value(string metrics, string name) =>
        metrics.Split('\n').Where(l => l.StartsWith(name, StringComparison.Ordinal)).Select(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).Sum();
}
