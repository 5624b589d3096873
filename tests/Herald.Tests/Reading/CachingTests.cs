using System.Net;
using System.Net.Http.Headers;
using Herald.Articles;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class CachingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pages_carry_cdn_headers_and_answer_conditional_requests_with_304(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("cached"));
        var client = site.Client();
        foreach (var path in new[] { "/world/cached", "/", "/world", "/tag/testing", "/author/ana-ruiz" })
        {
            var first = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Contains("s-maxage=", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Contains("stale-while-revalidate=", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.NotNull(first.Content.Headers.LastModified);
            Assert.True(first.Headers.Contains("Surrogate-Key"), path);
            var etag = first.Headers.ETag!;

            using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.IfNoneMatch.Add(etag);
            var second = await client.SendAsync(conditional, Ct);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        }
        var article = await client.GetAsync(new Uri("/world/cached", UriKind.Relative), Ct);
        Assert.StartsWith("article:", string.Join(' ', article.Headers.GetValues("Surrogate-Key")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_update_evicts_the_cached_article_and_every_list_it_is_on(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var doc = Samples.Article("evolving", title: "First headline", tags: ["Budget"]);
        await site.PublishAsync(doc);
        var client = site.Client();
        var paths = new[] { "/world/evolving", "/", "/world", "/tag/budget", "/author/ana-ruiz" };
        var etags = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Contains("First headline", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            etags[path] = response.Headers.ETag!;
        }

        await site.PublishAsync(doc with { Title = "Second headline", Updated = doc.Published!.Value.AddHours(2) });

        foreach (var path in paths)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            var html = await response.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Second headline", html, StringComparison.Ordinal);
            Assert.DoesNotContain("First headline", html, StringComparison.Ordinal);
            Assert.NotEqual(etags[path], response.Headers.ETag);
        }
        var (_, page) = await HtmlPage.GetAsync(client, "/world/evolving");
        Assert.StartsWith("Status: 03/02/2026 11:15 a.m.", page.QuerySelector(".status")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_change_written_by_another_process_reaches_the_cache_by_polling(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("elsewhere", title: "Before"));
        var client = site.Client();
        Assert.Contains("Before", await client.GetStringAsync(new Uri("/world/elsewhere", UriKind.Relative), Ct), StringComparison.Ordinal);

        // A second Publisher on the same database with its own change log stands in for the CLI or another node.
        var other = new Publisher(site.Get<Herald.Data.Db>(), new Herald.Data.ChangeLog(TimeProvider.System), TimeProvider.System, site.Get<Herald.Hosting.HeraldOptions>(), site.Get<Microsoft.Extensions.Logging.ILogger<Publisher>>());
        await other.SaveAsync(Samples.Article("elsewhere", title: "After"), "other-process", ct: Ct);

        var deadline = TimeProvider.System.GetTimestamp();
        string html;
        do
        {
            await Task.Delay(100, Ct);
            html = await client.GetStringAsync(new Uri("/world/elsewhere", UriKind.Relative), Ct);
        }
        while (!html.Contains("After", StringComparison.Ordinal) && TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(5));
        Assert.Contains("After", html, StringComparison.Ordinal);
    }
}
