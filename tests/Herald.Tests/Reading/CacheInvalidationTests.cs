using Herald.Accounts;
using Herald.Articles;
using Herald.Comments;
using Herald.Tests.Comments;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

// Writes that change what a page shows without changing the article the page is about:
// each must reach the copies the front cache and the output cache keep (every request
// below after the first of a path is answered from them unless something evicted it).
public sealed class CacheInvalidationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] FramedPaths = ["/world/steady", "/", "/world", "/tag/testing", "/author/ana-ruiz", "/search?q=headline"];

    private static async Task<List<string>> NavigationAsync(HttpClient client, string path)
    {
        var (_, page) = await HtmlPage.GetAsync(client, path);
        return page.QuerySelectorAll("nav[aria-label=Sections] a").Select(a => $"{a.GetAttribute("href")} {a.TextContent}").ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_section_navigation_of_every_cached_page_follows_the_sections(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("steady", tags: ["Testing"]));
        var client = site.Client();
        foreach (var path in FramedPaths)
        {
            Assert.Equal(["/world World"], await NavigationAsync(client, path));
        }

        // A section's first published article puts it in every page's navigation...
        await site.PublishAsync(Samples.Article("first-light", section: "science"));
        foreach (var path in FramedPaths)
        {
            Assert.Equal(["/science Science", "/world World"], await NavigationAsync(client, path));
        }

        // ... a renamed section shows its new name, also when a draft on the desk renamed it...
        var feed = new Uri("/feeds/section/science/rss.xml", UriKind.Relative);
        Assert.Contains("<title>Science | ", await client.GetStringAsync(feed, Ct), StringComparison.Ordinal);
        await site.Get<Publisher>().SaveRevisionAsync(null, Samples.Article("draft-only", section: "science") with { SectionName = "Science and Space", Draft = true },
            "test", null, null, null, Ct);
        foreach (var path in FramedPaths)
        {
            Assert.Equal(["/science Science and Space", "/world World"], await NavigationAsync(client, path));
        }
        Assert.Contains("<title>Science and Space | ", await client.GetStringAsync(feed, Ct), StringComparison.Ordinal);

        // ... and the unpublishing of its last article takes it out again.
        Assert.True(await site.Get<Publisher>().UnpublishAsync("first-light", Ct));
        foreach (var path in FramedPaths)
        {
            Assert.Equal(["/world World"], await NavigationAsync(client, path));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_cached_article_links_to_its_translations_as_they_come_and_go(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("harbour-opens") with { TranslationGroup = "harbour" });
        var client = site.Client();
        static async Task<List<string>> LanguagesAsync(HttpClient client)
        {
            var (_, page) = await HtmlPage.GetAsync(client, "/world/harbour-opens");
            return page.QuerySelectorAll(".translations a").Select(a => $"{a.GetAttribute("hreflang")} {a.GetAttribute("href")}").ToList();
        }
        Assert.Empty(await LanguagesAsync(client));

        await site.PublishAsync(Samples.Article("hafen-eroeffnet", language: "de") with { TranslationGroup = "harbour" });
        Assert.Equal(["de /world/hafen-eroeffnet"], await LanguagesAsync(client));

        Assert.True(await site.Get<Publisher>().UnpublishAsync("hafen-eroeffnet", Ct));
        Assert.Empty(await LanguagesAsync(client));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderators_switch_shows_on_the_cached_page_of_the_article_and_of_its_section(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (switched, switchedPath) = await CommentSite.ArticleAsync(site, "switched", mode: "open");
        // Without a policy of its own, an article follows its section's mode.
        var follower = await site.PublishAsync(Samples.Article("follower"));
        var moderator = await TestAccounts.CreateAsync(site.Services, "mod@test.invalid", "Mod", Roles.Moderator);
        var client = site.Client();
        async Task<string?> ClosedAsync(string path) =>
            (await HtmlPage.GetAsync(client, path)).Document.QuerySelector(".discussion-closed")?.TextContent;
        Assert.Null(await ClosedAsync(switchedPath));
        Assert.Null(await ClosedAsync(follower.Path));

        var discussions = site.Get<Discussions>();
        await discussions.SetAsync("article", switched.ToString(System.Globalization.CultureInfo.InvariantCulture), "closed", moderator.Id, Ct);
        Assert.Equal("Comments are closed for this story.", await ClosedAsync(switchedPath));
        Assert.Null(await ClosedAsync(follower.Path));

        await discussions.SetAsync("section", "world", "closed", moderator.Id, Ct);
        Assert.Equal("Comments are closed for this story.", await ClosedAsync(follower.Path));

        await discussions.SetAsync("article", switched.ToString(System.Globalization.CultureInfo.InvariantCulture), null, moderator.Id, Ct);
        await discussions.SetAsync("section", "world", null, moderator.Id, Ct);
        Assert.Null(await ClosedAsync(switchedPath));
        Assert.Null(await ClosedAsync(follower.Path));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_erased_readers_comments_and_recommendations_leave_the_cached_page(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var leaving = await CommentSite.SignedInAsync(site, "leaving@test.invalid", "Leaving Reader");
        var staying = await CommentSite.SignedInAsync(site, "staying@test.invalid", "Staying Reader");
        Assert.True(Forms.IsRedirect((await CommentSite.CommentAsync(staying, path, "A comment that stays.")).Response));
        Assert.True(Forms.IsRedirect((await CommentSite.CommentAsync(leaving, path, "Words their writer takes back.")).Response));
        // New readers' first comments wait for a moderator.
        var moderator = await TestAccounts.CreateAsync(site.Services, "mod@test.invalid", "Mod", Roles.Moderator);
        await CommentSite.ApprovePendingAsync(site, moderator.Id);
        var (_, signedIn) = await HtmlPage.GetAsync(leaving, path);
        var stays = signedIn.QuerySelectorAll(".comment").Single(c => c.TextContent.Contains("A comment that stays.", StringComparison.Ordinal)).Id!;
        Assert.True(Forms.IsRedirect((await Forms.SubmitAsync(leaving, path, new Dictionary<string, string>(), $"#{stays} form[action$='handler=Recommend']")).Response));

        var reader = site.Client();
        var (_, before) = await HtmlPage.GetAsync(reader, path);
        Assert.Contains("Words their writer takes back.", before.QuerySelector(".comment-list")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", before.QuerySelector($"#{stays} [data-recommendations]")!.TextContent);
        var feed = $"/feeds/comments/{articleId}.xml";
        Assert.Contains("Words their writer takes back.", await reader.GetStringAsync(new Uri(feed, UriKind.Relative), Ct), StringComparison.Ordinal);

        var (deleted, _) = await Forms.SubmitAsync(leaving, "/account", new Dictionary<string, string> { ["ConfirmDelete"] = "delete" }, "form[action$='handler=Delete']");
        Assert.True(Forms.IsRedirect(deleted));

        var (_, after) = await HtmlPage.GetAsync(reader, path);
        Assert.DoesNotContain("Words their writer takes back.", after.QuerySelector(".comment-list")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("0", after.QuerySelector($"#{stays} [data-recommendations]")!.TextContent);
        Assert.Equal("1", after.QuerySelector("[data-comment-count]")!.TextContent);
        Assert.DoesNotContain("Words their writer takes back.", await reader.GetStringAsync(new Uri(feed, UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    // Nothing is written when a discussion closes by itself, hours after publication: the
    // page's copies are kept only until then.
    [Fact]
    public async Task A_page_is_kept_no_longer_than_its_discussion_stays_open()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        var closes = TimeProvider.System.GetUtcNow().AddSeconds(6);
        var (_, path) = await CommentSite.ArticleAsync(site, "closing", mode: "open", closesAfterHours: 1, published: closes.AddHours(-1));
        var client = site.Client();
        for (var i = 0; i < 2; i++)
        {
            var (response, open) = await HtmlPage.GetAsync(client, path);
            Assert.True(TimeProvider.System.GetUtcNow() < closes, "the page was read too late for this test");
            Assert.NotNull(open.QuerySelector(".discussion-signin"));
            Assert.InRange(response.Content.Headers.Expires!.Value, closes.AddSeconds(-1), closes);
            var shared = response.Headers.CacheControl!.SharedMaxAge!.Value;
            Assert.InRange(shared, TimeSpan.Zero, TimeSpan.FromSeconds(6));
        }

        await Task.Delay(closes - TimeProvider.System.GetUtcNow() + TimeSpan.FromMilliseconds(300), Ct);
        var (_, closed) = await HtmlPage.GetAsync(client, path);
        Assert.StartsWith("The discussion closed on ", closed.QuerySelector(".discussion-closed")?.TextContent, StringComparison.Ordinal);
    }
}
