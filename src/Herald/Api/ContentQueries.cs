using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Dapper;
using Herald.Data;

namespace Herald.Api;

public sealed class ApiArticleRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string SectionSlug { get; init; } = "";
    public long FirstPublishedAt { get; init; }
    public long UpdatedAt { get; init; }
    public string Document { get; init; } = "";
    public string BodyHtml { get; init; } = "";
}

public sealed record ArticleFilter(string? Section, string? Tag, string? Author, long? Since, long? Until);

// Read-only queries of the public content API: published articles only.
public sealed class ContentQueries(Db db)
{
    private const string Columns =
        """
        SELECT a.id, a.slug, s.slug AS section_slug, a.first_published_at, a.updated_at, r.document, r.body_html
        FROM articles a
        JOIN sections s ON s.id = a.section_id
        JOIN article_revisions r ON r.id = a.published_revision_id
        """;

    public async Task<ApiArticleRow?> ByIdAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiArticleRow>($"{Columns} WHERE a.id = @id AND a.state = 'published'", new { id });
    }

    public async Task<ApiArticleRow?> BySlugAsync(string slug, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiArticleRow>($"{Columns} WHERE a.slug = @slug AND a.state = 'published'", new { slug });
    }

    // Newest first by status stamp; the cursor is the (updated_at, id) of the last row seen,
    // so pages stay stable while new stories are published.
    public async Task<(IReadOnlyList<ApiArticleRow> Rows, string? Next)> ListAsync(ArticleFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<ApiArticleRow>(
            $"""
            {Columns}
            WHERE a.state = 'published'
              AND (@section IS NULL OR s.slug = @section)
              AND (@tag IS NULL OR a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.slug = @tag))
              AND (@author IS NULL OR a.id IN (SELECT aa.article_id FROM article_authors aa JOIN people p ON p.id = aa.person_id WHERE p.slug = @author))
              AND (@since IS NULL OR a.updated_at >= @since)
              AND (@until IS NULL OR a.updated_at < @until)
              AND (@afterStamp IS NULL OR a.updated_at < @afterStamp OR (a.updated_at = @afterStamp AND a.id < @afterId))
            ORDER BY a.updated_at DESC, a.id DESC
            LIMIT @take
            """,
            new { section = filter.Section, tag = filter.Tag, author = filter.Author, since = filter.Since, until = filter.Until, afterStamp = after?.Stamp, afterId = after?.Id, take = limit + 1 }
            )).ToList();
        var next = rows.Count > limit ? new Cursor(rows[limit - 1].UpdatedAt, rows[limit - 1].Id).Encode() : null;
        return (rows.Take(limit).ToList(), next);
    }
}

public sealed record Cursor(long Stamp, long Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(FormattableString.Invariant($"{Stamp}.{Id}")));

    public static Cursor? Decode(string value)
    {
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(value)).Split('.');
            return parts.Length == 2 &&
                   long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var stamp) &&
                   long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new Cursor(stamp, id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
