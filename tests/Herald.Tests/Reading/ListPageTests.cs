using System.Net;
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
    }
}
