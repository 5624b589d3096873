using Dapper;
using Herald.Articles;
using Herald.Data;

namespace Herald.Desk;

public sealed class DeskRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public string State { get; init; } = "";
    public string SectionName { get; init; } = "";
    public string? CreatorName { get; init; }
    public long ModifiedAt { get; init; }
    public long? ScheduledAt { get; init; }
    public bool Pending { get; init; }
}

public sealed class DeskArticle
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string State { get; init; } = "";
    public string SectionSlug { get; init; } = "";
    public long? CreatedByUserId { get; init; }
    public long? FirstPublishedAt { get; init; }
    public long? UpdatedAt { get; init; }
    public long? ScheduledAt { get; init; }
    public long? PublishedRevisionId { get; init; }
    public long CurrentRevisionId { get; init; }
    public int Revision { get; init; }
    public string Document { get; init; } = "";
    public string BodyHtml { get; init; } = "";

    public bool Pending => PublishedRevisionId is not null && PublishedRevisionId != CurrentRevisionId;
}

public sealed class RevisionRow
{
    public long Id { get; init; }
    public int Number { get; init; }
    public long CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public string? Note { get; init; }
    public bool Minor { get; init; }
    public string Document { get; init; } = "";
    public string BodyHtml { get; init; } = "";
}

public sealed record DeskFilter(string? State, string? Section, long? Author, string? Query, int Page);

public sealed record Choice(string Value, string Name);

// The desk's read-side SQL and the state changes that touch no public page.
public sealed class DeskStore(Db db, TimeProvider clock)
{
    public const int PageSize = 25;

    public async Task<(IReadOnlyList<DeskRow> Rows, bool HasNext)> ListAsync(DeskFilter f)
    {
        await using var c = await db.OpenAsync();
        var pattern = string.IsNullOrWhiteSpace(f.Query) ? null : "%" + f.Query.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var rows = (await c.QueryAsync<DeskRow>(ListSql(f, pattern is not null),
            new { f.State, f.Section, f.Author, pattern, limit = PageSize + 1, offset = (Math.Max(f.Page, 1) - 1) * PageSize })).ToList();
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize);
    }

    // Newest change first: the (modified_at) and (state, modified_at) indexes (migration 0019)
    // and the (section_id, modified_at) and (created_by_user_id, modified_at) ones (0022)
    // give the rows in this order, so a page reads its 26 rows instead of sorting them all.
    // The section is named by its id, so that the section's index is the way in.
    internal static string ListSql(DeskFilter f, bool titleSearch)
    {
        var where = new List<string>();
        if (f.State is not null) { where.Add("a.state = @State"); }
        if (f.Section is not null) { where.Add("a.section_id = (SELECT id FROM sections WHERE slug = @Section)"); }
        if (f.Author is not null) { where.Add("a.created_by_user_id = @Author"); }
        if (titleSearch) { where.Add("LOWER(a.title) LIKE @pattern ESCAPE '\\'"); }
        return $"""
        SELECT a.id, a.slug, a.title, a.state, s.name AS section_name, u.display_name AS creator_name, a.modified_at, a.scheduled_at,
               CASE WHEN a.published_revision_id IS NOT NULL AND a.published_revision_id <> a.current_revision_id THEN 1 ELSE 0 END AS pending
        FROM articles a JOIN sections s ON s.id = a.section_id LEFT JOIN users u ON u.id = a.created_by_user_id
        {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))}
        ORDER BY a.modified_at DESC, a.id DESC
        LIMIT @limit OFFSET @offset
        """;
    }

    public async Task<DeskArticle?> ArticleAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<DeskArticle>(
            """
            SELECT a.id, a.slug, a.state, s.slug AS section_slug, a.created_by_user_id, a.first_published_at, a.updated_at, a.scheduled_at,
                   a.published_revision_id, a.current_revision_id, r.number AS revision, r.document, r.body_html
            FROM articles a JOIN sections s ON s.id = a.section_id JOIN article_revisions r ON r.id = a.current_revision_id
            WHERE a.id = @id
            """, new { id });
    }

    public async Task<IReadOnlyList<RevisionRow>> RevisionsAsync(long articleId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<RevisionRow>(
            "SELECT id, number, created_at, created_by, note, minor FROM article_revisions WHERE article_id = @articleId ORDER BY number DESC",
            new { articleId })).ToList();
    }

    public async Task<RevisionRow?> RevisionAsync(long articleId, int number)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<RevisionRow>(
            "SELECT id, number, created_at, created_by, note, minor, document, body_html FROM article_revisions WHERE article_id = @articleId AND number = @number",
            new { articleId, number });
    }

    public async Task<IReadOnlyList<Choice>> SectionsAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<Choice>("SELECT slug AS value, name FROM sections ORDER BY name")).ToList();
    }

    public async Task<IReadOnlyList<Choice>> WritersAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long Id, string Name)>(
            "SELECT id, display_name FROM users WHERE kind = 'staff' AND role <> 'moderator' ORDER BY display_name"))
            .Select(u => new Choice(u.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), u.Name)).ToList();
    }

    public async Task<IReadOnlyList<string>> TranslationGroupsAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<string>(
            "SELECT DISTINCT translation_group FROM articles WHERE translation_group IS NOT NULL ORDER BY translation_group LIMIT 500")).ToList();
    }

    public async Task<IReadOnlyList<(long Id, string Language, string Title)>> TranslationsAsync(string group, long exceptId)
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<(long, string, string)>(
            "SELECT id, language, title FROM articles WHERE translation_group = @group AND id <> @exceptId ORDER BY language",
            new { group, exceptId })).ToList();
    }

    // Submit for review, withdraw, or take a scheduled article back: no public page changes.
    public async Task<bool> MoveAsync(long articleId, string from, string to, int basedOn)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteAsync(
            """
            UPDATE articles SET state = @to, scheduled_at = NULL, modified_at = @now
            WHERE id = @articleId AND state = @from AND (SELECT number FROM article_revisions WHERE id = articles.current_revision_id) = @basedOn
            """, new { articleId, from, to, basedOn, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }) == 1;
    }
}
