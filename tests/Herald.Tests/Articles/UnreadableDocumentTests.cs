using System.Net;
using System.Text.Json;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Desk;
using Herald.Tests.Desk;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Articles;

// A stored revision that no longer parses (written by an older Herald, or edited in the
// database by hand) is named wherever it is met: the background passes go round it and do
// everything else, the desk says which article is damaged and lets a readable revision be
// restored, and the API answers with a problem naming it.
public sealed class UnreadableDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // What an older Herald could have stored: a language code this one refuses.
    private static async Task DamageAsync(TestSite site, long articleId, string which = "current_revision_id")
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var changed = await c.ExecuteAsync(
            $"UPDATE article_revisions SET document = REPLACE(document, '\"language\":\"en\"', '\"language\":\"english\"') WHERE id = (SELECT {which} FROM articles WHERE id = @articleId)",
            new { articleId });
        Assert.Equal(1, changed);
    }

    private const string Problem = "its stored document is not valid herald/article@1 (language: \"english\" is not a language code";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_damaged_scheduled_article_stays_scheduled_and_the_others_are_published(string database)
    {
        var clock = new FakeTimeProvider(Now);
        await using var site = await TestSite.StartAsync(database, clock, ("Herald:ChangePollSeconds", "100000"));
        var damaged = await site.PublishAsync(Samples.Article("due-first", published: Now.AddMinutes(5)));
        await site.PublishAsync(Samples.Article("due-second", published: Now.AddMinutes(6)));
        await DamageAsync(site, damaged.ArticleId);
        clock.Advance(TimeSpan.FromMinutes(10));

        var publisher = site.Get<Publisher>();
        Assert.Equal(1, await publisher.PublishDueAsync(Ct));
        Assert.Equal(0, await publisher.PublishDueAsync(Ct));

        var client = site.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/world/due-second", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/world/due-first", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(ArticleStates.Scheduled, (await site.Get<DeskStore>().ArticleAsync(damaged.ArticleId))!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Rerendering_goes_round_a_damaged_page_and_renders_the_rest(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var ids = new List<long>();
        foreach (var slug in new[] { "old-one", "old-two", "old-three" })
        {
            ids.Add((await site.PublishAsync(Samples.Article(slug))).ArticleId);
        }
        await DamageAsync(site, ids[1], "published_revision_id");
        await using (var c = await site.Get<Db>().OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE article_revisions SET renderer_version = 0, body_html = 'stale'");
        }

        // A batch of one: the damaged revision is a batch by itself, which must not end the pass.
        var publisher = site.Get<Publisher>();
        Assert.Equal(2, await publisher.RerenderOutdatedAsync(batch: 1, ct: Ct));
        Assert.Equal(0, await publisher.RerenderOutdatedAsync(batch: 1, ct: Ct));

        await using var check = await site.Get<Db>().OpenAsync(Ct);
        var html = (await check.QueryAsync<(long ArticleId, string Html)>(
            "SELECT a.id, r.body_html FROM articles a JOIN article_revisions r ON r.id = a.published_revision_id")).ToDictionary(r => r.ArticleId, r => r.Html);
        Assert.Contains("Body of old-one.", html[ids[0]], StringComparison.Ordinal);
        Assert.Equal("stale", html[ids[1]]);
        Assert.Contains("Body of old-three.", html[ids[2]], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_linked_from_a_damaged_one_can_still_be_published(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var linking = await site.PublishAsync(Samples.Article("links-ahead", blocks: [new ParagraphBlock("x"), new RelatedBlock(["comes-later"])]));
        await DamageAsync(site, linking.ArticleId, "published_revision_id");

        var outcome = await site.PublishAsync(Samples.Article("comes-later", title: "The later story"));

        Assert.Equal(ArticleStates.Published, outcome.State);
        var (response, _) = await HtmlPage.GetAsync(site.Client(), "/world/comes-later");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The damaged article keeps the HTML it had.
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var html = await c.ExecuteScalarAsync<string>(
            "SELECT r.body_html FROM articles a JOIN article_revisions r ON r.id = a.published_revision_id WHERE a.id = @id", new { id = linking.ArticleId });
        Assert.DoesNotContain("comes-later", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_desk_names_a_damaged_article_and_restores_a_readable_revision(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var editor = await DeskClient.SignInAsync(site, "editor");
        var id = await WorkflowPathTests.DraftAsync(editor, "Harbour bridge reopens", "Traffic flows again.");
        var path = $"/desk/articles/{id}";
        Assert.True(Forms.IsRedirect((await editor.EditAsync(path, "save", new Dictionary<string, string> { ["Form.Blocks[0].F[text]"] = "Traffic flows again, slowly." })).Response));
        await DamageAsync(site, id);

        var (opened, error) = await HtmlPage.GetAsync(editor.Http, path);
        Assert.Equal(HttpStatusCode.InternalServerError, opened.StatusCode);
        Assert.Equal("This article cannot be opened", error.QuerySelector("h1")!.TextContent);
        Assert.Contains($"Article {id} cannot be read: {Problem}", error.QuerySelector(".error-page")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(error.QuerySelector($"a[href='{path}/revisions']"));

        var (listed, revisions) = await HtmlPage.GetAsync(editor.Http, $"{path}/revisions");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains($"Revision 2 cannot be read: {Problem}", revisions.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(revisions.QuerySelector(".diff"));
        Assert.Equal(2, revisions.QuerySelectorAll("tbody tr").Length);

        var restore = revisions.QuerySelector("form#restore-1")!;
        var (restored, _) = await Forms.PostAsync(editor.Http, restore.GetAttribute("action")!, DeskClient.Fields(restore));
        Assert.True(Forms.IsRedirect(restored));
        var (reopened, editorPage) = await HtmlPage.GetAsync(editor.Http, path);
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal("Traffic flows again.", editorPage.QuerySelector("textarea[name='Form.Blocks[0].F[text]']")!.TextContent);
        Assert.Equal(3, (await site.Get<DeskStore>().ArticleAsync(id))!.Revision);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_ninjs_rendering_of_a_damaged_article_is_a_problem_naming_it(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var outcome = await site.PublishAsync(Samples.Article("wire-copy"));
        await DamageAsync(site, outcome.ArticleId, "published_revision_id");

        var response = await site.Client().GetAsync(new Uri($"/api/v1/articles/{outcome.ArticleId}/ninjs", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith($"article {outcome.ArticleId}: {Problem}", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // Its public page fails as any broken page does: readers are not shown what is wrong inside.
        var (page, error) = await HtmlPage.GetAsync(site.Client(), "/world/wire-copy");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("Something went wrong", error.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("cannot be read", error.Body!.TextContent, StringComparison.Ordinal);
        // The article's own API rendering does not need the document and still works.
        Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync(new Uri($"/api/v1/articles/{outcome.ArticleId}", UriKind.Relative), Ct)).StatusCode);
    }
}
