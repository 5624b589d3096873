using System.Net;
using Herald.Articles;
using Herald.Data;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class ListPageTests
{
    private static DateTimeOffset At(int day, int hour = 9) => new(2026, 3, day, hour, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_home_page_shows_the_latest_stories_and_groups_them_by_section(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("world-one", section: "world", title: "World one", published: At(1)));
        await site.PublishAsync(Samples.Article("politics-one", section: "politics", title: "Politics one", published: At(2)));
        await site.PublishAsync(Samples.Article("world-two", section: "world", title: "World two", published: At(3)));

        var (response, page) = await HtmlPage.GetAsync(site.Client(), "/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var latest = page.QuerySelectorAll(".top-stories .teaser");
        Assert.Equal(["World two", "Politics one", "World one"], latest.Select(t => t.QuerySelector(".title")!.TextContent));
        var first = latest[0];
        Assert.Equal("Testing", first.QuerySelector(".topline")!.TextContent);
        Assert.Equal("The lead of world-two.", first.QuerySelector(".teaser-lead")!.TextContent);
        Assert.Equal("03/03/2026 9:00 a.m.", first.QuerySelector("time")!.TextContent);

        var groups = page.QuerySelectorAll(".section-group");
        Assert.Equal(["Politics", "World"], groups.Select(g => g.QuerySelector("h2")!.TextContent));
        Assert.Equal(["World two", "World one"], groups[1].QuerySelectorAll(".title").Select(t => t.TextContent));
        Assert.Equal(["/politics", "/world"], page.QuerySelectorAll("header nav a").Select(a => a.GetAttribute("href")));

        // Each section shows its four newest; a section whose only article was withdrawn, none.
        foreach (var day in new[] { 4, 5, 6 })
        {
            await site.PublishAsync(Samples.Article($"world-{day}", section: "world", title: $"World {day}", published: At(day)));
        }
        await site.PublishAsync(Samples.Article("sport-one", section: "sport", title: "Sport one", published: At(7)));
        Assert.True(await site.Get<Herald.Articles.Publisher>().UnpublishAsync("sport-one", TestContext.Current.CancellationToken));
        var sections = await site.Get<Herald.Reading.ReadingQueries>().NewestPerSectionAsync(Herald.Reading.HomePageModel.PerSection);
        Assert.Equal(["Politics one", "World 6", "World 5", "World 4", "World two"], sections.Select(a => a.Title));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Section_tag_and_author_pages_list_their_stories_with_paging(string database)
    {
        await using var site = await TestSite.StartAsync(database, null, ("Herald:PageSize", "2"));
        for (var i = 1; i <= 5; i++)
        {
            await site.PublishAsync(Samples.Article($"story-{i}", section: i % 2 == 0 ? "politics" : "world", title: $"Story {i}", published: At(i), tags: i <= 3 ? ["Elections"] : ["Weather"]));
        }
        var client = site.Client();

        var (_, section) = await HtmlPage.GetAsync(client, "/world");
        Assert.Equal("Section: World", section.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Story 5", "Story 3"], section.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        Assert.Equal("/world?page=2", section.QuerySelector("a[rel=next]")!.GetAttribute("href"));

        var (_, second) = await HtmlPage.GetAsync(client, "/world?page=2");
        Assert.Equal(["Story 1"], second.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        Assert.Null(second.QuerySelector("a[rel=next]"));
        Assert.Equal("/world", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));

        var (_, tag) = await HtmlPage.GetAsync(client, "/tag/elections");
        Assert.Equal("Tag: Elections", tag.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Story 3", "Story 2"], tag.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));

        var (_, author) = await HtmlPage.GetAsync(client, "/author/ana-ruiz?page=3");
        Assert.Equal(["Story 1"], author.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        Assert.Equal("Author: Ana Ruiz", author.QuerySelector("h1")!.TextContent);

        var (_, home2) = await HtmlPage.GetAsync(client, "/?page=2");
        Assert.Equal(["Story 3", "Story 2"], home2.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));

        // A slug no section, tag or person has, and a page past a list's end: not found. A tag
        // whose articles were all withdrawn still has its (empty) first page.
        foreach (var missing in (string[])["/sport", "/tag/harvest", "/author/nobody-here", "/world?page=3", "/tag/weather?page=2"])
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(missing, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }
        await site.Get<Herald.Articles.Publisher>().UnpublishAsync("story-4", TestContext.Current.CancellationToken);
        await site.Get<Herald.Articles.Publisher>().UnpublishAsync("story-5", TestContext.Current.CancellationToken);
        var (emptied, weather) = await HtmlPage.GetAsync(client, "/tag/weather");
        Assert.Equal(HttpStatusCode.OK, emptied.StatusCode);
        Assert.Equal("Tag: Weather", weather.QuerySelector("h1")!.TextContent);
        Assert.Empty(weather.QuerySelectorAll(".teaser"));
    }

    // Tag and author lists walk their own rows, which carry a copy of the article's status
    // stamp: an update must move the article up there too, unpublishing must take it off,
    // and a person credited twice on one article lists it once.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Tag_and_author_lists_follow_updates_and_list_each_article_once(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        for (var i = 1; i <= 3; i++)
        {
            await site.PublishAsync(Samples.Article($"story-{i}", title: $"Story {i}", published: At(i), tags: ["Harbour"]));
        }
        var updated = Samples.Article("story-1", title: "Story 1, updated", published: At(1), tags: ["Harbour", "Ferries"]) with
        {
            Updated = At(10),
            Authors = [new Credit("Ana Ruiz", "correspondent", "City Hall"), new Credit("Ana Ruiz", "photographer", null)],
        };
        await site.PublishAsync(updated);
        Assert.True(await site.Get<Publisher>().UnpublishAsync("story-2", TestContext.Current.CancellationToken));
        var client = site.Client();

        var (_, tag) = await HtmlPage.GetAsync(client, "/tag/harbour");
        Assert.Equal(["Story 1, updated", "Story 3"], tag.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        var (_, added) = await HtmlPage.GetAsync(client, "/tag/ferries");
        Assert.Equal(["Story 1, updated"], added.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        var (_, author) = await HtmlPage.GetAsync(client, "/author/ana-ruiz");
        Assert.Equal(["Story 1, updated", "Story 3"], author.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        var feed = await client.GetStringAsync(new Uri("/feeds/author/ana-ruiz/feed.json", UriKind.Relative), TestContext.Current.CancellationToken);
        var items = System.Text.Json.JsonDocument.Parse(feed).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => new Uri(i.GetProperty("url").GetString()!).AbsolutePath).ToList();
        Assert.Equal(["/world/story-1", "/world/story-3"], items);
    }

    // One page of a tag or an author walks its own index in the lists' order and stops: no
    // sort of all the tag's articles, no walk through the whole site's.
    [Theory]
    [InlineData("tag")]
    [InlineData("author")]
    public async Task A_tag_or_author_page_reads_its_index_in_order(string kind)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(TestContext.Current.CancellationToken);
        var listing = kind == "tag" ? Herald.Reading.Listings.Tag("@slug") : Herald.Reading.Listings.Author("@slug");
        var plan = await QueryPlan.OfAsync(c, $"SELECT a.id {listing} LIMIT 21", new { slug = "x" });
        Assert.Contains(plan, d => d.StartsWith($"SEARCH x USING {(kind == "tag" ? "COVERING " : "")}INDEX", StringComparison.Ordinal) && d.Contains("_stamp", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
