using System.Net;
using Herald.Articles;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Herald.Tests.Feeds.FeedDocuments;

namespace Herald.Tests.Feeds;

// What is in a feed and when: scopes, limits, updates, withdrawals, caching and discovery.
public sealed class FeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Every feed of the sample article: home, its section, a tag and its author, in each format.
    private static readonly string[] SampleFeeds =
    [
        "/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json",
        "/feeds/section/politics/rss.xml", "/feeds/section/politics/atom.xml", "/feeds/section/politics/feed.json",
        "/feeds/tag/transport/rss.xml", "/feeds/tag/city-council/atom.xml", "/feeds/author/ana-ruiz/feed.json",
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Section_tag_and_author_feeds_hold_only_their_own_articles_and_unknown_ones_answer_404(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("in-world", section: "world", tags: ["Rivers"]));
        await site.PublishAsync(Samples.Article("in-sport", section: "sport", tags: ["Football"]) with { Authors = [new Credit("Pia Gruber", "author", null)] });
        var client = site.Client();

        async Task<string[]> Slugs(string path) =>
            [.. (await AtomAsync(client, path)).Items.Select(i => i.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsolutePath)];
        Assert.Equal(["/world/in-world"], await Slugs("/feeds/section/world/atom.xml"));
        Assert.Equal(["/sport/in-sport"], await Slugs("/feeds/section/sport/atom.xml"));
        Assert.Equal(["/world/in-world"], await Slugs("/feeds/tag/rivers/atom.xml"));
        Assert.Equal(["/sport/in-sport"], await Slugs("/feeds/author/pia-gruber/atom.xml"));
        Assert.Equal(2, (await Slugs("/feeds/atom.xml")).Length);
        Assert.Equal("The latest stories: Tag Rivers", (await RssAsync(client, "/feeds/tag/rivers/rss.xml")).Description.Text);

        foreach (var path in new[]
                 {
                     "/feeds/section/nowhere/rss.xml", "/feeds/tag/nowhere/atom.xml", "/feeds/author/nobody/feed.json",
                     "/feeds/section/Bad_Slug/rss.xml", "/feeds/section/world/other.xml", "/feeds/category/world/rss.xml", "/feeds/rss.json",
                 })
        {
            var (response, _) = await GetAsync(client, path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Feeds_answer_conditional_requests_by_etag_and_by_last_modified(string database)
    {
        var clock = new FakeTimeProvider(Utc(2026, 3, 2, 12, 0));
        await using var site = await TestSite.StartAsync(database, clock);
        var doc = Samples.Example();
        await site.PublishAsync(doc);
        var client = site.Client();

        // Before anything is cached: If-Modified-Since is answered by the feed itself.
        var first = await SendAsync(client, "/feeds/section/politics/atom.xml", request => request.Headers.IfModifiedSince = clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.NotModified, first.StatusCode);

        var validators = new Dictionary<string, (System.Net.Http.Headers.EntityTagHeaderValue ETag, DateTimeOffset LastModified)>();
        foreach (var path in SampleFeeds)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var etag = response.Headers.ETag!;
            var lastModified = response.Content.Headers.LastModified!.Value;
            Assert.Equal(clock.GetUtcNow(), lastModified);
            Assert.Contains("s-maxage=", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            validators[path] = (etag, lastModified);

            Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(client, path, r => r.Headers.IfNoneMatch.Add(etag))).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(client, path, r => r.Headers.IfModifiedSince = lastModified)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, path, r => r.Headers.IfModifiedSince = lastModified.AddMinutes(-1))).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await site.PublishAsync(doc with { Title = "Council approves the eastern tram line" });

        foreach (var path in SampleFeeds)
        {
            var (etag, lastModified) = validators[path];
            var byEtag = await SendAsync(client, path, r => r.Headers.IfNoneMatch.Add(etag));
            Assert.Equal(HttpStatusCode.OK, byEtag.StatusCode);
            Assert.Contains("the eastern tram line", await byEtag.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            var byDate = await SendAsync(client, path, r => r.Headers.IfModifiedSince = lastModified);
            Assert.Equal(HttpStatusCode.OK, byDate.StatusCode);
            Assert.Equal(clock.GetUtcNow(), byDate.Content.Headers.LastModified);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_published_update_replaces_the_entry_keeps_its_id_and_moves_updated(string database)
    {
        var clock = new FakeTimeProvider(Utc(2026, 3, 2, 12, 0));
        await using var site = await TestSite.StartAsync(database, clock);
        var published = Utc(2026, 3, 2, 9, 0);
        var doc = Samples.Article("developing", title: "First headline", published: published);
        await site.PublishAsync(doc);
        await site.PublishAsync(Samples.Article("quiet", published: published.AddHours(1)));
        var client = site.Client();

        var before = await AtomAsync(client, "/feeds/atom.xml");
        var entry = before.Items.Single(i => i.Title.Text == "Testing: First headline");
        Assert.Equal(published.AddHours(1), before.LastUpdatedTime);

        clock.Advance(TimeSpan.FromHours(2));
        await site.PublishAsync(doc with { Title = "Second headline", Updated = published.AddHours(3) });

        var after = await AtomAsync(client, "/feeds/atom.xml");
        Assert.Equal(published.AddHours(3), after.LastUpdatedTime);
        // Newest status stamp first, under the id it had before.
        var updated = after.Items.First();
        Assert.Equal(entry.Id, updated.Id);
        Assert.Equal("Testing: Second headline", updated.Title.Text);
        Assert.Equal(published.AddHours(3), updated.LastUpdatedTime);
        Assert.Equal(published, updated.PublishDate);
        Assert.DoesNotContain(after.Items, i => i.Title.Text == "Testing: First headline");

        var rss = await RssAsync(client, "/feeds/rss.xml");
        Assert.Equal(entry.Id, rss.Items.First().Id);
        Assert.Equal("Testing: Second headline", rss.Items.First().Title.Text);
        var json = await JsonFeedAsync(client, "/feeds/feed.json");
        Assert.Equal(entry.Id, (string?)json["items"]![0]!["id"]);
        Assert.Equal("2026-03-02T12:00:00Z", (string?)json["items"]![0]!["date_modified"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unpublished_article_leaves_every_feed(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Example());
        await site.PublishAsync(Samples.Article("staying", section: "politics", tags: ["Transport"]) with { Authors = [new Credit("Ana Ruiz", "author", null)] });
        var client = site.Client();
        foreach (var path in SampleFeeds)
        {
            Assert.Contains("council-approves-tram-line", await client.GetStringAsync(new Uri(path, UriKind.Relative), Ct), StringComparison.Ordinal);
        }

        Assert.True(await site.Get<Publisher>().UnpublishAsync("council-approves-tram-line", Ct));

        foreach (var path in SampleFeeds)
        {
            var (response, body) = await GetAsync(client, path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}");
            Assert.DoesNotContain("council-approves-tram-line", body, StringComparison.Ordinal);
        }
        Assert.Equal(["Testing: A test headline"], (await RssAsync(client, "/feeds/section/politics/rss.xml")).Items.Select(i => i.Title.Text));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Drafts_and_scheduled_articles_never_appear_in_a_feed(string database)
    {
        var clock = new FakeTimeProvider(Utc(2026, 3, 2, 12, 0));
        await using var site = await TestSite.StartAsync(database, clock);
        await site.PublishAsync(Samples.Article("public-one"));
        await site.PublishAsync(Samples.Article("secret-draft") with { Draft = true });
        await site.PublishAsync(Samples.Article("embargoed", published: Utc(2026, 3, 3, 6, 0)));
        // A published article with a new draft revision keeps its published text in the feed.
        await site.PublishAsync(Samples.Article("revised", title: "Published words"));
        await site.PublishAsync(Samples.Article("revised", title: "Unpublished words") with { Draft = true });
        var client = site.Client();

        foreach (var path in new[] { "/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json", "/feeds/section/world/rss.xml", "/feeds/tag/testing/atom.xml", "/feeds/author/ana-ruiz/feed.json" })
        {
            var body = await client.GetStringAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Contains("public-one", body, StringComparison.Ordinal);
            Assert.Contains("Published words", body, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-draft", body, StringComparison.Ordinal);
            Assert.DoesNotContain("embargoed", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Unpublished words", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_feed_holds_the_latest_50_articles_newest_first(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var start = Utc(2026, 3, 1, 0, 0);
        for (var i = 1; i <= 52; i++)
        {
            await site.PublishAsync(Samples.Article($"story-{i}", published: start.AddMinutes(i)));
        }
        var feed = await RssAsync(site.Client(), "/feeds/rss.xml");
        Assert.Equal(50, feed.Items.Count());
        Assert.EndsWith("/world/story-52", feed.Items.First().Links[0].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.EndsWith("/world/story-3", feed.Items.Last().Links[0].Uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(start.AddMinutes(52), feed.LastUpdatedTime);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pages_announce_their_feeds_for_autodiscovery(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("announced", tags: ["Harbours"]));
        var client = site.Client();

        foreach (var (page, feedBase, title) in new[]
                 {
                     ("/", "/feeds/", "Herald News"),
                     ("/world", "/feeds/section/world/", "World | Herald News"),
                     ("/tag/harbours", "/feeds/tag/harbours/", "Harbours | Herald News"),
                     ("/author/ana-ruiz", "/feeds/author/ana-ruiz/", "Ana Ruiz | Herald News"),
                     ("/world/announced", "/feeds/section/world/", "World | Herald News"),
                 })
        {
            var (response, document) = await HtmlPage.GetAsync(client, page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var links = document.Head!.QuerySelectorAll("link[rel=alternate][type]")
                .Where(l => l.GetAttribute("type")!.Contains("feed", StringComparison.Ordinal) || l.GetAttribute("type")!.EndsWith("+xml", StringComparison.Ordinal))
                // Article pages also announce their comment feed (tested in Comments/CommentFeedTests).
                .Where(l => !l.GetAttribute("href")!.StartsWith("/feeds/comments/", StringComparison.Ordinal))
                .Select(l => (Type: l.GetAttribute("type"), Title: l.GetAttribute("title"), Href: l.GetAttribute("href")))
                .ToList();
            Assert.Equal(
                [
                    ("application/rss+xml", $"{title} (RSS)", feedBase + "rss.xml"),
                    ("application/atom+xml", $"{title} (Atom)", feedBase + "atom.xml"),
                    ("application/feed+json", $"{title} (JSON Feed)", feedBase + "feed.json"),
                ],
                links);
            foreach (var (type, _, href) in links)
            {
                await GetOkAsync(client, href!, type!);
            }
        }
        // The media types are written as they are, not as character references.
        Assert.Contains("type=\"application/rss+xml\"", await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Feed_and_sitemap_paths_leave_sections_and_articles_with_similar_names_alone(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        // "sitemaps" and "feeds" are reserved section slugs; similar ones must still work.
        await site.PublishAsync(Samples.Article("feed", section: "world"));
        await site.PublishAsync(Samples.Article("news", section: "sitemap-news"));
        await site.PublishAsync(Samples.Article("rss", section: "feeds-and-more"));
        var client = site.Client();

        foreach (var article in new[] { "/world/feed", "/sitemap-news/news", "/feeds-and-more/rss" })
        {
            await GetOkAsync(client, article, "text/html");
        }
        await GetOkAsync(client, "/sitemap-news", "text/html");
        await GetOkAsync(client, "/sitemaps/news.xml", "application/xml");
        await GetOkAsync(client, "/feeds/section/sitemap-news/rss.xml", "application/rss+xml");
        await GetOkAsync(client, "/sitemap.xml", "application/xml");
        await GetOkAsync(client, "/robots.txt", "text/plain");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, Action<HttpRequestMessage> prepare)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        prepare(request);
        return await client.SendAsync(request, Ct);
    }
}
