using Dapper;
using Herald.Comments;
using Herald.Data;
using Herald.Tests.Support;

namespace Herald.Tests.Comments;

// A comment's HTML is stored when it is written or edited, and the article page copies it
// instead of formatting the text again: what readers see must be what the text formats to,
// whether the stored HTML is current, missing or of another version of the formatting.
public sealed class StoredHtmlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Text = "Read the report at https://example.org/report?a=1&b=2.\n\nIt says <more> than \"expected\" & more.";

    private static async Task<(string? Html, long Version)> StoredAsync(TestSite site, long id)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        return await c.QuerySingleAsync<(string?, long)>("SELECT body_html, html_version FROM comments WHERE id = @id", new { id });
    }

    private static async Task SetStoredAsync(TestSite site, long id, string? html, long version)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        await c.ExecuteAsync("UPDATE comments SET body_html = @html, html_version = @version WHERE id = @id", new { html, version, id });
    }

    // The body's markup as the page sends it (not as a parser would write it out again).
    private static async Task<string> ShownAsync(HttpClient reader, string path, long id)
    {
        var page = await reader.GetStringAsync(path, Ct);
        var comment = page.IndexOf($"id=\"comment-{id}\"", StringComparison.Ordinal);
        const string open = "<div class=\"comment-body\">";
        var start = page.IndexOf(open, comment, StringComparison.Ordinal) + open.Length;
        return page[start..page.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Written_edited_outdated_and_newer_stored_HTML_all_show_the_text_as_it_formats(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var staff = await CommentSite.SignedInAsync(site, "desk@example.org", "Desk", "editor");
        var (posted, _) = await CommentSite.CommentAsync(staff, path, Text);
        Assert.True(Forms.IsRedirect(posted));
        long id;
        await using (var c = await site.Get<Db>().OpenAsync(Ct))
        {
            id = await c.QuerySingleAsync<long>("SELECT id FROM comments WHERE article_id = @articleId", new { articleId });
        }
        var expected = CommentText.ToHtml(Text);
        Assert.Contains("<a href=\"https://example.org/report?a=1&amp;b=2\"", expected, StringComparison.Ordinal);

        // Written with the comment, and shown as it is.
        Assert.Equal((expected, CommentText.Version), await StoredAsync(site, id));
        Assert.Equal(expected, await ShownAsync(staff, path, id));

        // HTML of an older formatting is not shown, and the background pass makes it again.
        await SetStoredAsync(site, id, "<p>stale</p>", CommentText.Version - 1);
        Assert.Equal(expected, await ShownAsync(staff, path, id));
        Assert.Equal(1, await site.Get<CommentWriter>().RenderOutdatedAsync(ct: Ct));
        Assert.Equal(0, await site.Get<CommentWriter>().RenderOutdatedAsync(ct: Ct));
        Assert.Equal((expected, CommentText.Version), await StoredAsync(site, id));

        // None at all (a comment written before the column existed) formats the text.
        await SetStoredAsync(site, id, null, 0);
        Assert.Equal(expected, await ShownAsync(staff, path, id));

        // A newer release's HTML (a node not yet upgraded) is neither shown nor undone.
        await SetStoredAsync(site, id, "<p>from a newer release</p>", CommentText.Version + 1);
        Assert.Equal(expected, await ShownAsync(staff, path, id));
        Assert.Equal(0, await site.Get<CommentWriter>().RenderOutdatedAsync(ct: Ct));
        Assert.Equal(("<p>from a newer release</p>", CommentText.Version + 1), await StoredAsync(site, id));

        // An edit stores the new text's HTML.
        var authorId = await AuthorAsync(site, id);
        Assert.Null(await site.Get<ReaderActions>().EditAsync(id, authorId, "Corrected: see http://example.net/x", isStaff: true, Ct));
        var edited = CommentText.ToHtml("Corrected: see http://example.net/x");
        Assert.Equal((edited, CommentText.Version), await StoredAsync(site, id));
        Assert.Equal(edited, await ShownAsync(staff, path, id));
        Assert.Equal(edited, await ShownAsync(site.Client(), path, id));
    }

    // Every start asks for outdated comments: the index answers, not a scan of every comment.
    [Fact]
    public async Task The_start_up_check_for_outdated_HTML_reads_an_index_not_every_comment()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, CommentWriter.OutdatedSql, new { version = CommentText.Version, batch = 500 });
        Assert.Equal(["SEARCH comments USING INDEX comments_by_html_version (html_version<?)"], plan);
    }

    private static async Task<long> AuthorAsync(TestSite site, long id)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        return await c.QuerySingleAsync<long>("SELECT user_id FROM comments WHERE id = @id", new { id });
    }
}
