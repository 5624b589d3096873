using System.Net;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Articles;

public sealed class SchedulingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_with_a_future_time_is_published_when_the_clock_reaches_it(string database)
    {
        var clock = new FakeTimeProvider(Now);
        await using var site = await TestSite.StartAsync(database, clock);
        var outcome = await site.PublishAsync(Samples.Article("at-noon", published: Now.AddHours(4)));
        Assert.Equal(ArticleStates.Scheduled, outcome.State);
        var client = site.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/world/at-noon", UriKind.Relative), Ct)).StatusCode);

        // Advancing the fake clock also wakes the background loop, which may publish first;
        // either way the article goes out exactly once and not before its time.
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(0, await site.Get<Publisher>().PublishDueAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/world/at-noon", UriKind.Relative), Ct)).StatusCode);

        clock.Advance(TimeSpan.FromHours(1));
        await site.Get<Publisher>().PublishDueAsync(Ct);
        Assert.Equal(0, await site.Get<Publisher>().PublishDueAsync(Ct));
        var (response, page) = await HtmlPage.GetAsync(client, "/world/at-noon");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Status: 03/02/2026 1:00 p.m.", page.QuerySelector(".status")!.TextContent, StringComparison.Ordinal);
        var (_, home) = await HtmlPage.GetAsync(client, "/");
        Assert.NotNull(home.QuerySelector("a[href='/world/at-noon']"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Processes_racing_for_due_articles_publish_each_exactly_once(string database)
    {
        var clock = new FakeTimeProvider(Now);
        // A poll interval the test never advances to keeps the site's own loop out of the race.
        await using var site = await TestSite.StartAsync(database, clock, ("Herald:ChangePollSeconds", "100000"));
        var slugs = Enumerable.Range(1, 6).Select(i => $"race-{i}").ToList();
        foreach (var slug in slugs)
        {
            await site.PublishAsync(Samples.Article(slug, published: Now.AddMinutes(10)));
        }
        clock.Advance(TimeSpan.FromMinutes(10));

        // Publishers of their own on the same database stand in for other nodes.
        var racers = Enumerable.Range(0, 4).Select(_ => new Publisher(site.Get<Db>(), new ChangeLog(clock), clock, site.Get<HeraldOptions>(), site.Get<Microsoft.Extensions.Logging.ILogger<Publisher>>()));
        var published = await Task.WhenAll(racers.Select(p => Task.Run(() => p.PublishDueAsync(Ct), Ct)));

        Assert.Equal(slugs.Count, published.Sum());
        Assert.Equal(0, await site.Get<Publisher>().PublishDueAsync(Ct));
        foreach (var slug in slugs)
        {
            Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync(new Uri($"/world/{slug}", UriKind.Relative), Ct)).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_schedule_survives_a_restart_and_the_background_loop_publishes_it(string database)
    {
        var clock = new FakeTimeProvider(Now);
        string dataDir;
        await using (var before = await TestSite.StartAsync(database, clock))
        {
            before.KeepData = true;
            dataDir = before.DataDir;
            await before.PublishAsync(Samples.Article("after-restart", published: Now.AddMinutes(30)));
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        await using var after = await TestSite.StartAsync(database, clock, dataDir);
        var client = after.Client();
        var started = TimeProvider.System.GetTimestamp();
        HttpStatusCode status;
        do
        {
            await Task.Delay(50, Ct);
            status = (await client.GetAsync(new Uri("/world/after-restart", UriKind.Relative), Ct)).StatusCode;
        }
        while (status != HttpStatusCode.OK && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, status);
        Directory.Delete(dataDir, recursive: true);
    }
}
