using System.Net;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Desk;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Desk;

public sealed class WorkflowPathTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Dictionary<string, string> Article(string title, string text = "The first paragraph.") => new()
    {
        ["Form.Title"] = title,
        ["Form.Lead"] = "What happened, in one paragraph.",
        ["Form.Section"] = "world",
        ["Form.Language"] = "en",
        ["Form.Blocks[0].F[text]"] = text,
    };

    internal static async Task<long> DraftAsync(DeskClient desk, string title, string text = "The first paragraph.")
    {
        var (saved, page) = await desk.EditAsync("/desk/articles/new", "save", Article(title, text));
        Assert.True(Forms.IsRedirect(saved), page.QuerySelector(".form-summary")?.TextContent);
        return DeskClient.IdFrom(saved);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_story_goes_from_draft_through_review_to_published_updated_corrected_and_gone(string database)
    {
        var clock = new FakeTimeProvider(Now);
        await using var site = await TestSite.StartAsync(database, clock);
        var reporter = await DeskClient.SignInAsync(site, "contributor");
        var editor = await DeskClient.SignInAsync(site, "editor");
        var id = await DraftAsync(reporter, "Mayor resigns", "She resigned on Monday.");
        var path = $"/desk/articles/{id}";

        // A contributor may send to review but not publish.
        var (published, _) = await reporter.EditAsync(path, "publish");
        Assert.True(DeskClient.IsDenied(published));
        Assert.True(Forms.IsRedirect((await reporter.EditAsync(path, "submit")).Response));
        Assert.Equal(ArticleStates.InReview, (await site.Get<DeskStore>().ArticleAsync(id))!.State);
        var (_, reviewPage) = await HtmlPage.GetAsync(reporter.Http, path);
        Assert.Null(reviewPage.QuerySelector("button[value=save]"));

        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "publish")).Response));
        var (page, article) = await HtmlPage.GetAsync(editor.Http, "/world/mayor-resigns");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("She resigned on Monday.", article.QuerySelector(".article-body")!.TextContent, StringComparison.Ordinal);
        var firstStamp = article.QuerySelector(".status time")!.GetAttribute("datetime");

        // A saved edit waits for publishing: the public page does not change.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "save", new Dictionary<string, string> { ["Form.Blocks[0].F[text]"] = "She resigned on Monday evening." })).Response));
        Assert.Contains("Monday.", (await HtmlPage.GetAsync(site.Client(), "/world/mayor-resigns")).Document.QuerySelector(".article-body")!.TextContent, StringComparison.Ordinal);
        var (_, preview) = await HtmlPage.GetAsync(editor.Http, path + "/preview");
        Assert.Contains("Monday evening.", preview.QuerySelector(".article-body")!.TextContent, StringComparison.Ordinal);

        // Publishing the update moves the status stamp.
        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "publish")).Response));
        var (_, updated) = await HtmlPage.GetAsync(site.Client(), "/world/mayor-resigns");
        Assert.Contains("Monday evening.", updated.QuerySelector(".article-body")!.TextContent, StringComparison.Ordinal);
        var secondStamp = updated.QuerySelector(".status time")!.GetAttribute("datetime");
        Assert.NotEqual(firstStamp, secondStamp);
        Assert.NotNull(updated.QuerySelector(".first-published"));

        // A minor edit keeps the stamp.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "publish", new Dictionary<string, string> { ["Form.Title"] = "Mayor resigns after defeat", ["Minor"] = "true" })).Response));
        var (_, minor) = await HtmlPage.GetAsync(site.Client(), "/world/mayor-resigns");
        Assert.Contains("Mayor resigns after defeat", minor.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(secondStamp, minor.QuerySelector(".status time")!.GetAttribute("datetime"));

        // A correction is shown on the page and moves the stamp.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "publish", new Dictionary<string, string> { ["Correction"] = "An earlier version gave the wrong day." })).Response));
        var (_, corrected) = await HtmlPage.GetAsync(site.Client(), "/world/mayor-resigns");
        Assert.Contains("An earlier version gave the wrong day.", corrected.QuerySelector(".corrections")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(secondStamp, corrected.QuerySelector(".status time")!.GetAttribute("datetime"));

        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "unpublish")).Response));
        Assert.Equal(HttpStatusCode.Gone, (await site.Client().GetAsync(new Uri("/world/mayor-resigns", UriKind.Relative), Ct)).StatusCode);

        var (entries, _) = await site.Get<AuditLog>().PageAsync(1);
        Assert.Equal(["unpublished", "corrected", "minor update", "updated", "published", "sent to review"], entries.Select(e => e.Action));
        Assert.Equal("Editor Person", entries[0].UserName);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_stale_save_gets_a_conflict_showing_both_versions_and_loses_nothing(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var first = await DeskClient.SignInAsync(site, "editor");
        var second = await DeskClient.SignInAsync(site, "editor");
        var id = await DraftAsync(first, "Budget vote", "The council voted.");
        var path = $"/desk/articles/{id}";
        var (_, pageOfSecond) = await HtmlPage.GetAsync(second.Http, path);

        var (firstSave, firstPage) = await first.EditAsync(path, "save", new Dictionary<string, string> { ["Form.Blocks[0].F[text]"] = "The council voted no." });
        Assert.True(Forms.IsRedirect(firstSave), firstSave.StatusCode + firstPage.QuerySelector("main")?.TextContent);
        var (conflict, page) = await second.EditAsync(path, "save", new Dictionary<string, string> { ["Form.Blocks[0].F[text]"] = "The council voted late at night." }, pageOfSecond);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("The council voted late at night.", page.QuerySelector("#b0-text")!.TextContent);
        var diff = page.QuerySelector("table.diff")!.TextContent;
        Assert.Contains("no.", diff, StringComparison.Ordinal);
        Assert.Contains("late at night.", diff, StringComparison.Ordinal);
        Assert.Equal(2, (await site.Get<DeskStore>().ArticleAsync(id))!.Revision);

        // Saving again from the conflict page keeps the second editor's version as the newest revision.
        var (kept, _) = await second.EditAsync(path, "save", null, page);
        Assert.True(Forms.IsRedirect(kept));
        var now = await site.Get<DeskStore>().ArticleAsync(id);
        Assert.Equal(3, now!.Revision);
        Assert.Contains("late at night", now.Document, StringComparison.Ordinal);
        Assert.Equal(3, (await site.Get<DeskStore>().RevisionsAsync(id)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Revisions_are_listed_compared_word_by_word_and_restored_as_a_new_revision(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var editor = await DeskClient.SignInAsync(site, "editor");
        var id = await DraftAsync(editor, "Cup final", "Rovers won the cup.");
        var path = $"/desk/articles/{id}";
        await editor.EditAsync(path, "save", new Dictionary<string, string> { ["Form.Blocks[0].F[text]"] = "Rovers won the cup on penalties.", ["Form.Note"] = "Added how" });

        var (_, revisions) = await HtmlPage.GetAsync(editor.Http, path + "/revisions?a=1&b=2");
        Assert.Equal(2, revisions.QuerySelectorAll("tbody tr").Length - revisions.QuerySelectorAll("table.diff tbody tr").Length);
        Assert.Contains("Added how", revisions.QuerySelector("table.desk-table")!.TextContent, StringComparison.Ordinal);
        var inserted = revisions.QuerySelectorAll("table.diff ins").Select(i => i.TextContent).ToList();
        Assert.Contains("penalties", string.Concat(inserted), StringComparison.Ordinal);
        Assert.DoesNotContain("Rovers", string.Concat(inserted), StringComparison.Ordinal);

        var (restored, _) = await Forms.SubmitAsync(editor.Http, path + "/revisions", new Dictionary<string, string>(), "form#restore-1");
        Assert.True(Forms.IsRedirect(restored));
        var article = await site.Get<DeskStore>().ArticleAsync(id);
        Assert.Equal(3, article!.Revision);
        Assert.Contains("Rovers won the cup.", article.Document, StringComparison.Ordinal);
        Assert.Equal("Restored revision 1", (await site.Get<DeskStore>().RevisionsAsync(id))[0].Note);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_story_scheduled_on_the_desk_is_published_at_its_time_even_after_a_restart(string database)
    {
        var clock = new FakeTimeProvider(Now);
        string dataDir;
        long id;
        await using (var site = await TestSite.StartAsync(database, clock))
        {
            site.KeepData = true;
            dataDir = site.DataDir;
            var editor = await DeskClient.SignInAsync(site, "editor");
            id = await DraftAsync(editor, "Probe lands", "The probe landed.");
            // 10:30 in Berlin (the site's zone) is 09:30 UTC in March.
            var (scheduled, schedulePage) = await editor.EditAsync($"/desk/articles/{id}", "schedule", new Dictionary<string, string> { ["ScheduleAt"] = "2026-03-02T10:30" });
            Assert.True(Forms.IsRedirect(scheduled), scheduled.StatusCode + schedulePage.QuerySelector("main")?.TextContent);
            var article = await site.Get<DeskStore>().ArticleAsync(id);
            Assert.Equal(ArticleStates.Scheduled, article!.State);
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), article.ScheduledAt);
        }

        await using var restarted = await TestSite.StartAsync(database, clock, dataDir);
        clock.Advance(TimeSpan.FromMinutes(89));
        Assert.Equal(0, await restarted.Get<Publisher>().PublishDueAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await restarted.Client().GetAsync(new Uri("/world/probe-lands", UriKind.Relative), Ct)).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
        await restarted.Get<Publisher>().PublishDueAsync(Ct);
        var (response, page) = await HtmlPage.GetAsync(restarted.Client(), "/world/probe-lands");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2026-03-02T09:30:00Z", page.QuerySelector(".status time")!.GetAttribute("datetime"));
        await using var c = await restarted.Get<Db>().OpenAsync(Ct);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles WHERE state = 'published'"));
    }

    [Fact]
    public async Task A_contributor_cannot_open_someone_elses_draft()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var one = await DeskClient.SignInAsync(site, "contributor");
        var other = await DeskClient.SignInAsync(site, "contributor");
        var id = await DraftAsync(one, "Mine");
        Assert.True(DeskClient.IsDenied(await other.Http.GetAsync(new Uri($"/desk/articles/{id}", UriKind.Relative), Ct)));
        Assert.Equal(HttpStatusCode.OK, (await one.Http.GetAsync(new Uri($"/desk/articles/{id}", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_time_in_the_past_is_refused_beside_the_schedule_field()
    {
        var clock = new FakeTimeProvider(Now);
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite, clock);
        var editor = await DeskClient.SignInAsync(site, "editor");
        var id = await DraftAsync(editor, "Too late");
        var (response, page) = await editor.EditAsync($"/desk/articles/{id}", "schedule", new Dictionary<string, string> { ["ScheduleAt"] = "2026-03-02T08:30" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Choose a time in the future.", page.QuerySelector("#schedule-error")!.TextContent);
        Assert.Equal(ArticleStates.Draft, (await site.Get<DeskStore>().ArticleAsync(id))!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_translation_starts_from_the_original_and_links_both_in_one_translation_group(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var editor = await DeskClient.SignInAsync(site, "editor");
        var original = await DraftAsync(editor, "Talks end", "The talks ended.");
        var (_, original1) = await HtmlPage.GetAsync(editor.Http, $"/desk/articles/{original}");
        var link = original1.QuerySelector("a[href*=translationOf]")!.GetAttribute("href")!;

        var (_, start) = await HtmlPage.GetAsync(editor.Http, link);
        Assert.Equal("The talks ended.", start.QuerySelector("#b0-text")!.TextContent);
        Assert.Equal("talks-end", start.QuerySelector("#f-TranslationGroup")!.GetAttribute("value"));
        var (saved, page) = await editor.EditAsync(link, "save", new Dictionary<string, string>
        {
            ["Form.Language"] = "de", ["Form.Title"] = "Gespräche beendet", ["Form.Slug"] = "gespraeche-beendet", ["Form.Blocks[0].F[text]"] = "Die Gespräche endeten.",
        }, start);
        Assert.True(Forms.IsRedirect(saved), page.QuerySelector(".form-summary")?.TextContent);
        var translation = DeskClient.IdFrom(saved);

        var store = site.Get<DeskStore>();
        Assert.Contains("\"translationGroup\":\"talks-end\"", (await store.ArticleAsync(translation))!.Document, StringComparison.Ordinal);
        Assert.Contains("\"translationGroup\":\"talks-end\"", (await store.ArticleAsync(original))!.Document, StringComparison.Ordinal);
        var (_, originalNow) = await HtmlPage.GetAsync(editor.Http, $"/desk/articles/{original}");
        Assert.Equal("Gespräche beendet", originalNow.QuerySelector($"a[href='/desk/articles/{translation}']")!.TextContent);
    }
}
