using System.Data.Common;
using Dapper;
using Herald.Articles;
using Herald.Data;

namespace Herald.Search;

// What the index holds for one article: each field's stems, and the plain body for snippets.
public sealed record SearchFields(string Language, string Title, string Topline, string Lead, string Tags, string Speakers, string Body, string PlainBody);

// Keeps the full-text index in step with what is published. Called inside the
// publish and unpublish transactions, so search never shows an unpublished article.
public static class SearchIndex
{
    public static async Task UpsertAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long articleId, ArticleDocument doc)
    {
        using var sql = new PreparedSql(c, tx);
        await UpsertAsync(sql, dialect, articleId, Fields(doc));
    }

    // Pure (no database), so a bulk import can compute it away from the writing thread.
    public static SearchFields Fields(ArticleDocument doc)
    {
        var language = doc.Language;
        var body = SearchText.BodyText(doc);
        return new SearchFields(
            language,
            Title: SearchText.IndexForm(doc.Title, language),
            Topline: SearchText.IndexForm(doc.Topline, language),
            Lead: SearchText.IndexForm(doc.Lead, language),
            Tags: SearchText.IndexForm(string.Join(". ", doc.Tags), language),
            Speakers: SearchText.IndexForm(string.Join(". ", doc.Blocks.OfType<QuoteBlock>().Select(q => q.Speaker).OfType<string>()), language),
            Body: SearchText.IndexForm(body, language),
            PlainBody: body);
    }

    public static async Task UpsertAsync(PreparedSql sql, SqlDialect dialect, long articleId, SearchFields f)
    {
        if (dialect == SqlDialect.Sqlite)
        {
            await sql.ExecuteAsync("DELETE FROM article_search WHERE rowid = @articleId", ("articleId", articleId));
            await sql.ExecuteAsync(
                "INSERT INTO article_search (rowid, title, topline, lead, tags, speakers, body) VALUES (@articleId, @title, @topline, @lead, @tags, @speakers, @body)",
                ("articleId", articleId), ("title", f.Title), ("topline", f.Topline), ("lead", f.Lead), ("tags", f.Tags), ("speakers", f.Speakers), ("body", f.Body));
        }
        else
        {
            await sql.ExecuteAsync(
                $"""
                INSERT INTO article_search (article_id, document) VALUES (@articleId, {Vector("@")})
                ON CONFLICT (article_id) DO UPDATE SET document = excluded.document
                """,
                ("articleId", articleId), ("title", f.Title), ("topline", f.Topline), ("lead", f.Lead), ("tags", f.Tags), ("speakers", f.Speakers), ("body", f.Body));
        }
        await sql.ExecuteAsync(
            """
            INSERT INTO article_search_text (article_id, language, body) VALUES (@articleId, @language, @body)
            ON CONFLICT (article_id) DO UPDATE SET language = excluded.language, body = excluded.body
            """, ("articleId", articleId), ("language", f.Language), ("body", f.PlainBody));
    }

    // PostgreSQL's weighted vector of the stemmed fields, named with the given prefix
    // ("@" for parameters, "r." for a row's columns): title and tags weigh most, the body least.
    private static string Vector(string p) =>
        $"""
        setweight(to_tsvector('simple', {p}title), 'A') || setweight(to_tsvector('simple', {p}tags), 'A') ||
            setweight(to_tsvector('simple', {p}topline), 'B') || setweight(to_tsvector('simple', {p}lead), 'B') ||
            setweight(to_tsvector('simple', {p}speakers), 'C') || setweight(to_tsvector('simple', {p}body), 'D')
        """;

    // Many articles' rows at once on PostgreSQL (herald copy): the fields go in through a
    // binary COPY into a temporary table, then two statements index them all, instead of two
    // round trips an article.
    public static async Task UpsertManyAsync(Npgsql.NpgsqlConnection c, DbTransaction tx, IReadOnlyList<(long ArticleId, SearchFields Fields)> rows, CancellationToken ct)
    {
        await c.ExecuteAsync(
            """
            CREATE TEMPORARY TABLE IF NOT EXISTS search_rows (article_id BIGINT, language TEXT, title TEXT, topline TEXT, lead TEXT, tags TEXT,
                speakers TEXT, body TEXT, plain_body TEXT) ON COMMIT DROP
            """, transaction: tx);
        await using (var import = await c.BeginBinaryImportAsync(
            "COPY search_rows (article_id, language, title, topline, lead, tags, speakers, body, plain_body) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (articleId, f) in rows)
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(articleId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                foreach (var text in (string[])[f.Language, f.Title, f.Topline, f.Lead, f.Tags, f.Speakers, f.Body, f.PlainBody])
                {
                    await import.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text, ct);
                }
            }
            await import.CompleteAsync(ct);
        }
        await c.ExecuteAsync(
            $"""
            INSERT INTO article_search (article_id, document) SELECT r.article_id, {Vector("r.")} FROM search_rows r
            ON CONFLICT (article_id) DO UPDATE SET document = excluded.document
            """, transaction: tx);
        await c.ExecuteAsync(
            """
            INSERT INTO article_search_text (article_id, language, body) SELECT article_id, language, plain_body FROM search_rows
            ON CONFLICT (article_id) DO UPDATE SET language = excluded.language, body = excluded.body
            """, transaction: tx);
        await c.ExecuteAsync("TRUNCATE search_rows", transaction: tx);
    }

    public static async Task RemoveAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long articleId)
    {
        await c.ExecuteAsync(dialect == SqlDialect.Sqlite
            ? "DELETE FROM article_search WHERE rowid = @articleId"
            : "DELETE FROM article_search WHERE article_id = @articleId", new { articleId }, tx);
        await c.ExecuteAsync("DELETE FROM article_search_text WHERE article_id = @articleId", new { articleId }, tx);
    }
}
