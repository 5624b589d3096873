using System.Net;
using System.Xml.Linq;
using Herald.Articles;
using Herald.Data;
using Herald.Feeds;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static Herald.Tests.Feeds.FeedDocuments;

namespace Herald.Tests.Feeds;

public sealed partial class SitemapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<Dictionary<string, XDocument>> CrawlAsync(HttpClient client)
    {
        var index = await SitemapAsync(client, "/sitemap.xml");
        Assert.Equal("sitemapindex", index.Root!.Name.LocalName);
        var sitemaps = new Dictionary<string, XDocument>(StringComparer.Ordinal);
        foreach (var loc in index.Root.Elements(Sitemap + "sitemap").Select(s => s.Element(Sitemap + "loc")!.Value))
        {
            sitemaps[PathOf(loc)] = await SitemapAsync(client, PathOf(loc));
        }
        return sitemaps;
    }

    private static Dictionary<string, string?> Urls(XDocument sitemap) =>
        sitemap.Root!.Elements(Sitemap + "url").ToDictionary(u => PathOf(u.Element(Sitemap + "loc")!.Value), u => u.Element(Sitemap + "lastmod")?.Value, StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_sitemap_index_and_every_sitemap_it_names_match_the_sitemap_schemas(string database)
    {
        var clock = new FakeTimeProvider(Utc(2026, 3, 2, 12, 0));
        await using var site = await TestSite.StartAsync(database, clock);
        await site.PublishAsync(Samples.Example());
        await site.PublishAsync(Samples.Article("river-talks", section: "world", tags: ["Rivers", "Diplomacy"], published: Utc(2026, 2, 20, 9, 0)) with { Updated = Utc(2026, 2, 21, 17, 30) });
        await site.PublishAsync(Samples.Article("flussgespraeche", section: "world", language: "de", published: Utc(2026, 3, 1, 9, 0)));
        await site.PublishAsync(Samples.Article("unfinished") with { Draft = true });
        var client = site.Client();

        var sitemaps = await CrawlAsync(client);
        Assert.Equal(
            ["/sitemaps/articles-1.xml", "/sitemaps/sections-1.xml", "/sitemaps/tags-1.xml", "/sitemaps/authors-1.xml", "/sitemaps/news.xml"],
            sitemaps.Keys);

        // lastmod of an article is its status stamp.
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["/politics/council-approves-tram-line"] = "2026-03-02T10:40:00Z",
                ["/world/river-talks"] = "2026-02-21T17:30:00Z",
                ["/world/flussgespraeche"] = "2026-03-01T09:00:00Z",
            },
            Urls(sitemaps["/sitemaps/articles-1.xml"]));
        Assert.Equal(
            new Dictionary<string, string?> { ["/politics"] = "2026-03-02T10:40:00Z", ["/world"] = "2026-03-01T09:00:00Z" },
            Urls(sitemaps["/sitemaps/sections-1.xml"]));
        Assert.Equal(
            ["/tag/city-council", "/tag/diplomacy", "/tag/rivers", "/tag/testing", "/tag/transport"],
            Urls(sitemaps["/sitemaps/tags-1.xml"]).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["/author/ana-ruiz"], Urls(sitemaps["/sitemaps/authors-1.xml"]).Keys);

        foreach (var path in new[] { "/sitemaps/articles-2.xml", "/sitemaps/articles-0.xml", "/sitemaps/pages-1.xml", "/sitemaps/articles-x.xml" })
        {
            var (response, _) = await GetAsync(client, path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_news_sitemap_holds_only_articles_first_published_in_the_last_48_hours(string database)
    {
        var now = Utc(2026, 3, 10, 12, 0);
        var clock = new FakeTimeProvider(now);
        await using var site = await TestSite.StartAsync(database, clock);
        await site.PublishAsync(Samples.Article("this-morning", title: "Harbour reopens", published: now.AddHours(-4)));
        await site.PublishAsync(Samples.Article("heute-frueh", title: "Hafen öffnet wieder", language: "de", published: now.AddHours(-30)));
        // Updated today, but first published three days ago: no longer news.
        await site.PublishAsync(Samples.Article("three-days-ago", published: now.AddDays(-3)) with { Updated = now.AddHours(-1) });
        await site.PublishAsync(Samples.Article("just-too-old", published: now.AddHours(-48).AddMinutes(-1)));
        await site.PublishAsync(Samples.Article("draft-news", published: now.AddHours(-2)) with { Draft = true });
        var client = site.Client();

        var news = await SitemapAsync(client, "/sitemaps/news.xml");
        var entries = news.Root!.Elements(Sitemap + "url").ToList();
        Assert.Equal(["/world/this-morning", "/world/heute-frueh"], entries.Select(u => PathOf(u.Element(Sitemap + "loc")!.Value)));
        var german = entries[1].Element(News + "news")!;
        Assert.Equal("Herald News", german.Element(News + "publication")!.Element(News + "name")!.Value);
        Assert.Equal("de", german.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.Equal("2026-03-09T06:00:00Z", german.Element(News + "publication_date")!.Value);
        Assert.Equal("Hafen öffnet wieder", german.Element(News + "title")!.Value);
        Assert.Equal("en", entries[0].Element(News + "news")!.Element(News + "publication")!.Element(News + "language")!.Value);

        // A day later the German story has aged out. (The cached sitemap is evicted by the next publish.)
        clock.Advance(TimeSpan.FromDays(1));
        await site.PublishAsync(Samples.Article("next-day", published: clock.GetUtcNow().AddMinutes(-5)));
        news = await SitemapAsync(client, "/sitemaps/news.xml");
        Assert.Equal(["/world/next-day", "/world/this-morning"], news.Root!.Elements(Sitemap + "url").Select(u => PathOf(u.Element(Sitemap + "loc")!.Value)));

        // A quiet news day gives an empty sitemap, which is still valid.
        clock.Advance(TimeSpan.FromDays(3));
        await site.PublishAsync(Samples.Article("old-news", published: now.AddDays(-10)));
        Assert.Empty((await SitemapAsync(client, "/sitemaps/news.xml")).Root!.Elements());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Unpublished_articles_and_drafts_are_left_out_of_every_sitemap(string database)
    {
        var clock = new FakeTimeProvider(Utc(2026, 3, 2, 12, 0));
        await using var site = await TestSite.StartAsync(database, clock);
        await site.PublishAsync(Samples.Article("kept", published: Utc(2026, 3, 2, 8, 0)));
        await site.PublishAsync(Samples.Article("withdrawn", section: "science", tags: ["Retracted"], published: Utc(2026, 3, 2, 9, 0)));
        await site.PublishAsync(Samples.Article("never-shown", section: "drafts-only", tags: ["Secret"]) with { Draft = true });
        var client = site.Client();
        Assert.Contains("withdrawn", string.Concat((await CrawlAsync(client)).Values), StringComparison.Ordinal);

        Assert.True(await site.Get<Publisher>().UnpublishAsync("withdrawn", Ct));

        var all = string.Concat((await CrawlAsync(client)).Values);
        Assert.Contains("/world/kept", all, StringComparison.Ordinal);
        foreach (var gone in new[] { "withdrawn", "/science", "retracted", "never-shown", "drafts-only", "secret" })
        {
            Assert.DoesNotContain(gone, all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sitemaps_answer_conditional_requests_and_change_when_an_article_is_published(string database)
    {
        var clock = new FakeTimeProvider(Utc(2026, 3, 2, 12, 0));
        await using var site = await TestSite.StartAsync(database, clock);
        await site.PublishAsync(Samples.Article("first", published: Utc(2026, 3, 2, 11, 0)));
        var client = site.Client();
        var paths = new[] { "/sitemap.xml", "/sitemaps/articles-1.xml", "/sitemaps/sections-1.xml", "/sitemaps/news.xml" };
        var validators = new Dictionary<string, (System.Net.Http.Headers.EntityTagHeaderValue, DateTimeOffset)>();
        foreach (var path in paths)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var etag = response.Headers.ETag!;
            var lastModified = response.Content.Headers.LastModified!.Value;
            validators[path] = (etag, lastModified);
            Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(client, path, r => r.Headers.IfNoneMatch.Add(etag))).StatusCode);
            Assert.Equal(HttpStatusCode.NotModified, (await SendAsync(client, path, r => r.Headers.IfModifiedSince = lastModified)).StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await site.PublishAsync(Samples.Article("second", section: "sport", published: Utc(2026, 3, 2, 12, 0)));

        foreach (var path in paths)
        {
            var (etag, lastModified) = validators[path];
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, path, r => r.Headers.IfNoneMatch.Add(etag))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, path, r => r.Headers.IfModifiedSince = lastModified)).StatusCode);
        }
        Assert.Contains("/sport/second", await client.GetStringAsync(new Uri("/sitemaps/articles-1.xml", UriKind.Relative), Ct), StringComparison.Ordinal);
        Assert.Contains("/sport", await client.GetStringAsync(new Uri("/sitemaps/sections-1.xml", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Robots_txt_allows_the_public_site_keeps_crawlers_out_of_the_desk_and_names_the_sitemaps(string database)
    {
        await using var site = await TestSite.StartAsync(database, null, ("Herald:BaseUrl", "https://news.example.org"));
        var robots = await GetOkAsync(site.Client(), "/robots.txt", "text/plain");
        var lines = robots.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("User-agent: *", lines[0]);
        Assert.Contains("Allow: /", lines);
        Assert.Contains("Disallow: /desk/", lines);
        Assert.Contains("Disallow: /desk$", lines);
        Assert.Contains("Disallow: /api/", lines);
        // RFC 9309 matching: a rule is a path prefix, and a final "$" anchors it at the end.
        var rules = lines.Where(l => l.StartsWith("Disallow: ", StringComparison.Ordinal)).Select(l => l["Disallow: ".Length..]).ToList();
        bool Blocked(string path) => rules.Any(rule => rule.EndsWith('$') ? path == rule[..^1] : path.StartsWith(rule, StringComparison.Ordinal));
        foreach (var open in new[] { "/", "/world/some-story", "/desktop-news", "/tag/x", "/author/y", "/feeds/rss.xml", "/sitemap.xml", "/sitemaps/news.xml", "/search" })
        {
            Assert.False(Blocked(open), $"{open} is disallowed");
        }
        foreach (var closed in new[] { "/desk", "/desk/articles/1", "/api/v1/articles" })
        {
            Assert.True(Blocked(closed), $"{closed} is allowed");
        }
        Assert.Contains("Sitemap: https://news.example.org/sitemap.xml", lines);
        Assert.Contains("Sitemap: https://news.example.org/sitemaps/news.xml", lines);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, Action<HttpRequestMessage> prepare)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        prepare(request);
        return await client.SendAsync(request, Ct);
    }

    // At 100,000 articles the sitemaps grouped every tag's and author's articles, sorted the
    // whole site and paged it with OFFSET: 0.1-2 s a request, again after every change. Now
    // no query behind them passes over the articles or their tags and credits, or sorts
    // them: each name walks its own index from its newest article, and a page of articles
    // is a range of ids. Only the list of names itself is read whole.
    [Fact]
    public async Task No_sitemap_reads_every_article_to_find_its_pages()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var queries = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["articles page"] = Sitemaps.ArticlePage,
            ["sections"] = Sitemaps.Source("sections"),
            ["tags"] = Sitemaps.Source("tags"),
            ["authors"] = Sitemaps.Source("authors"),
        };
        foreach (var (name, sql) in queries)
        {
            var plan = await QueryPlan.OfAsync(c, sql, new { after = 0L, last = 10_000L });
            Assert.True(plan.All(p => !p.Contains("TEMP B-TREE", StringComparison.Ordinal) && !(p.StartsWith("SCAN", StringComparison.Ordinal) && !ListOfNames().IsMatch(p))),
                $"{name}: {string.Join(" | ", plan)}");
            // Each name's newest article is looked up once.
            Assert.True(plan.Count(p => p.Contains("CORRELATED SCALAR SUBQUERY", StringComparison.Ordinal)) <= 1, $"{name}: {string.Join(" | ", plan)}");
        }
        // The pages of articles and their lastmod: one pass over the (state, stamp) index, no table row read.
        var pages = await QueryPlan.OfAsync(c, Sitemaps.ArticlePages);
        Assert.Contains("SEARCH a USING COVERING INDEX articles_by_state_stamp (state=?)", pages);
    }

    // The sections, tags or people themselves, in any order, or the list made of them.
    [System.Text.RegularExpressions.GeneratedRegex("^SCAN ([stp]|listed)( |$)")]
    private static partial System.Text.RegularExpressions.Regex ListOfNames();
}
