using System.Globalization;
using System.Net;
using System.Text.Json;
using Herald.Articles;
using Herald.Data;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class ArticlePageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_article_page_shows_every_part_of_a_news_story(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var outcome = await site.PublishAsync(Samples.Example());
        Assert.Equal("/politics/council-approves-tram-line", outcome.Path);

        var (response, page) = await HtmlPage.GetAsync(site.Client(), outcome.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var h1 = page.QuerySelector("h1")!;
        Assert.Equal("Transport", h1.QuerySelector(".topline")!.TextContent);
        Assert.Equal("Council approves the new tram line", h1.QuerySelector(".title")!.TextContent);

        // The status stamp is the last update, in Berlin time, formatted for English.
        var status = page.QuerySelector(".status")!;
        Assert.StartsWith("Status: 03/02/2026 11:40 a.m.", status.TextContent, StringComparison.Ordinal);
        Assert.Equal("2026-03-02T10:40:00Z", status.QuerySelector("time")!.GetAttribute("datetime"));

        Assert.Equal("After two years of debate the council voted for the eastern route.", page.QuerySelector(".lead")!.TextContent);
        Assert.Equal("The vote was 31 to 12, with two abstentions.", page.QuerySelector(".article-body > p")!.TextContent);
        Assert.Equal("Opposition wants a referendum", page.QuerySelector(".article-body h2")!.TextContent);

        var video = page.QuerySelector("figure.video")!;
        Assert.Equal("https://media.example.org/tram.vtt", video.QuerySelector("track[kind=captions]")!.GetAttribute("src"));
        Assert.Equal("Ana Ruiz on the vote: \"A long night\"", video.QuerySelector(".caption")!.TextContent);
        Assert.Equal("Evening News 7 p.m., 2.3.2026", video.QuerySelector(".credit")!.TextContent);

        var quote = page.QuerySelector("figure.quote")!;
        Assert.Equal("We will let the city decide.", quote.QuerySelector("blockquote")!.TextContent);
        Assert.Equal("Mara Holm", quote.QuerySelector(".speaker")!.TextContent);

        Assert.Equal("Map of the eastern route", page.QuerySelector("figure.image img")!.GetAttribute("alt"));
        Assert.NotNull(page.QuerySelector("section.gallery img[alt='The first stop']"));
        Assert.NotNull(page.QuerySelector("figure.audio audio[controls]"));
        Assert.Equal("The route in numbers", page.QuerySelector("aside.box h2")!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll(".article-body > ul li").Length);
        Assert.Equal("https://video.example.org/watch/123", page.QuerySelector("figure.embed a")!.GetAttribute("href"));

        var credit = page.QuerySelector(".credits a[rel=author]")!;
        Assert.Equal(("Ana Ruiz", "/author/ana-ruiz"), (credit.TextContent, credit.GetAttribute("href")));
        Assert.Contains("Correspondent, City Hall", page.QuerySelector(".credits")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/politics", page.QuerySelector(".article-section a")!.GetAttribute("href"));
        Assert.Equal(["/tag/transport", "/tag/city-council"], page.QuerySelectorAll(".tags a").Select(a => a.GetAttribute("href")));
        Assert.Contains("An earlier version gave the wrong length of the route.", page.QuerySelector(".corrections")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_head_carries_description_canonical_open_graph_and_news_article_data(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Example());
        var (_, page) = await HtmlPage.GetAsync(site.Client(), "/politics/council-approves-tram-line");

        Assert.Equal("Council approves the new tram line | Herald News", page.Title);
        Assert.Equal("After two years of debate the council voted for the eastern route.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal("http://localhost/politics/council-approves-tram-line", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal("Council approves the new tram line", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Equal("https://media.example.org/map.png", page.QuerySelector("meta[property='og:image']")!.GetAttribute("content"));

        var ld = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement;
        Assert.Equal("NewsArticle", ld.GetProperty("@type").GetString());
        Assert.Equal("Council approves the new tram line", ld.GetProperty("headline").GetString());
        Assert.Equal("2026-03-02T08:15:00Z", ld.GetProperty("datePublished").GetString());
        Assert.Equal("2026-03-02T10:40:00Z", ld.GetProperty("dateModified").GetString());
        Assert.Equal("Ana Ruiz", ld.GetProperty("author")[0].GetProperty("name").GetString());
        Assert.Equal("Herald News", ld.GetProperty("publisher").GetProperty("name").GetString());
        Assert.StartsWith("http://localhost/assets/logo.", ld.GetProperty("publisher").GetProperty("logo").GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://media.example.org/map.png", ld.GetProperty("image")[0].GetString());
        Assert.Equal("An earlier version gave the wrong length of the route.", ld.GetProperty("correction")[0].GetProperty("text").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Script_in_any_field_is_shown_as_text_never_run(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        const string attack = "</script><script>alert(1)</script>";
        const string quoted = "\"><img src=x onerror=alert(2)>";
        await site.PublishAsync(Samples.Article("hostile", title: attack) with
        {
            Lead = attack,
            Topline = "<img src=x onerror=alert(1)>",
            Tags = [attack, quoted],
            Authors = [new Credit(attack, "correspondent", quoted), new Credit(quoted, "author", null)],
            Corrections = [new Correction(attack, DateTimeOffset.Parse("2026-03-01T10:00:00Z", CultureInfo.InvariantCulture))],
        });
        var response = await site.Client().GetStringAsync(new Uri("/world/hostile", UriKind.Relative), Ct);
        Assert.DoesNotContain("<script>alert(1)", response, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", response, StringComparison.Ordinal);
        var page = HtmlPage.Parse(response);
        Assert.Equal(attack, page.QuerySelector("h1 .title")!.TextContent);
        Assert.Equal($"By {attack} (Correspondent, {quoted}) & {quoted}", page.QuerySelector(".credits")!.TextContent);
        Assert.EndsWith(": " + attack, page.QuerySelector(".corrections li")!.TextContent, StringComparison.Ordinal);
        Assert.Equal([attack, quoted], page.QuerySelectorAll(".tags a").Select(a => a.TextContent));
        Assert.Equal([attack, quoted], page.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")));
        Assert.Equal(attack, page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Equal(attack, JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent).RootElement.GetProperty("headline").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task German_articles_show_the_German_status_stamp(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("gespraeche", language: "de", published: new DateTimeOffset(2022, 1, 21, 13, 47, 0, TimeSpan.FromHours(1))));
        var (_, page) = await HtmlPage.GetAsync(site.Client(), "/world/gespraeche");
        Assert.Equal("de", page.DocumentElement.GetAttribute("lang"));
        Assert.StartsWith("Stand: 21.01.2022 13:47 Uhr", page.QuerySelector(".status")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Related_blocks_link_articles_published_before_or_after(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("first", blocks: [new ParagraphBlock("x"), new RelatedBlock(["second"])]));
        var (_, before) = await HtmlPage.GetAsync(site.Client(), "/world/first");
        Assert.Null(before.QuerySelector("nav.related"));

        await site.PublishAsync(Samples.Article("second", title: "The second story", blocks: [new RelatedBlock(["first"])]));
        var (_, after) = await HtmlPage.GetAsync(site.Client(), "/world/first");
        Assert.Equal("/world/second", after.QuerySelector("nav.related a")!.GetAttribute("href"));
        Assert.Contains("The second story", after.QuerySelector("nav.related a")!.TextContent, StringComparison.Ordinal);
    }

    // Three or more slugs were once looked up through the published-state index, walking every
    // published article; the state is now checked after a seek per slug. What readers see must
    // not change: only published articles are linked.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Related_blocks_link_only_the_published_articles_they_name(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("published-one", title: "Published one"));
        await site.PublishAsync(Samples.Article("published-two", title: "Published two"));
        await site.PublishAsync(Samples.Article("taken-down", title: "Taken down"));
        Assert.True(await site.Get<Publisher>().UnpublishAsync("taken-down", Ct));
        await site.PublishAsync(Samples.Article("later", title: "Later", published: TimeProvider.System.GetUtcNow().AddDays(3)));
        await site.PublishAsync(Samples.Article("linking", blocks:
            [new ParagraphBlock("x"), new RelatedBlock(["published-one", "taken-down", "never-written", "later", "published-two"])]));

        var (_, page) = await HtmlPage.GetAsync(site.Client(), "/world/linking");
        Assert.Equal(["/world/published-one", "/world/published-two"], page.QuerySelectorAll("nav.related a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Related_links_are_looked_up_by_slug_however_many_there_are()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        foreach (var count in new[] { 1, 3, 8 })
        {
            var wanted = Enumerable.Range(1, count).Select(i => $"slug-{i}").ToArray();
            var plan = await QueryPlan.OfAsync(c, ArticleStore.RelatedLinksSql(SqlDialect.Sqlite), new { wanted });
            Assert.Contains(plan, d => d.StartsWith("SEARCH a USING INDEX sqlite_autoindex_articles_1 (slug=?)", StringComparison.Ordinal));
        }
    }

    // A translated article's page lists its translations through the group's index: with the
    // state compared plainly, SQLite walked every published article of the site on each render.
    [Fact]
    public async Task Translations_are_read_through_their_group()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, Herald.Reading.ReadingQueries.TranslationsSql, new { group = "g", exceptId = 1L });
        Assert.Contains(plan, d => d.StartsWith("SEARCH a USING INDEX articles_by_translation (translation_group=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("articles_by_state", StringComparison.Ordinal));
    }
}
