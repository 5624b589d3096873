using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Dapper;
using Herald.Data;
using Herald.Reading;

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
    private const string Columns = "a.id, a.slug, s.slug AS section_slug, a.first_published_at, a.updated_at, r.document, r.body_html";

    private const string One =
        $"""
        SELECT {Columns}
        FROM articles a
        JOIN sections s ON s.id = a.section_id
        JOIN article_revisions r ON r.id = a.published_revision_id
        """;

    public async Task<ApiArticleRow?> ByIdAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiArticleRow>($"{One} WHERE a.id = @id AND a.state = 'published'", new { id });
    }

    public async Task<ApiArticleRow?> BySlugAsync(string slug, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<ApiArticleRow>($"{One} WHERE a.slug = @slug AND a.state = 'published'", new { slug });
    }

    // Newest first by status stamp; the cursor is the (updated_at, id) of the last row seen,
    // so pages stay stable while new stories are published. A tag or author filter walks that
    // list's own index (Reading/Listings), and only the conditions asked for are in the query.
    public async Task<(IReadOnlyList<ApiArticleRow> Rows, string? Next)> ListAsync(ArticleFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        var byList = filter.Tag is not null || filter.Author is not null;
        var (stamp, id) = Listings.OrderOf(byList);
        var where = new StringBuilder();
        if (filter.Section is not null && byList)
        {
            where.Append(" AND s.slug = @section");
        }
        if (filter.Tag is not null && filter.Author is not null)
        {
            where.Append(" AND a.id IN (SELECT aa.article_id FROM article_authors aa JOIN people p ON p.id = aa.person_id WHERE p.slug = @author)");
        }
        if (filter.Since is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {stamp} >= @since");
        }
        if (filter.Until is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND {stamp} < @until");
        }
        if (after is not null)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND ({stamp} < @afterStamp OR ({stamp} = @afterStamp AND {id} < @afterId))");
        }
        const string revision = "JOIN article_revisions r ON r.id = a.published_revision_id";
        var listing = filter.Tag is not null ? Listings.Tag("@tag", where.ToString(), revision)
            : filter.Author is not null ? Listings.Author("@author", where.ToString(), revision)
            : filter.Section is not null ? Listings.Section("@section", where.ToString(), revision)
            : Listings.Site(where.ToString(), revision);
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<ApiArticleRow>(
            $"""
            SELECT {Columns} {listing}
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
