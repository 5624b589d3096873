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

    // None of it is read back: a batch sends it with its other held statements (PreparedSql.LaterAsync).
    public static async Task UpsertAsync(PreparedSql sql, SqlDialect dialect, long articleId, SearchFields f)
    {
        if (dialect == SqlDialect.Sqlite)
        {
            await sql.LaterAsync("DELETE FROM article_search WHERE rowid = @articleId", ("articleId", articleId));
            await sql.LaterAsync(
                "INSERT INTO article_search (rowid, title, topline, lead, tags, speakers, body) VALUES (@articleId, @title, @topline, @lead, @tags, @speakers, @body)",
                ("articleId", articleId), ("title", f.Title), ("topline", f.Topline), ("lead", f.Lead), ("tags", f.Tags), ("speakers", f.Speakers), ("body", f.Body));
        }
        else
        {
            await sql.LaterAsync(
                $"""
                INSERT INTO article_search (article_id, document, pairs) VALUES (@articleId, {Vector("@")}, @pairs)
                ON CONFLICT (article_id) DO UPDATE SET document = excluded.document, pairs = excluded.pairs
                """,
                ("articleId", articleId), ("title", f.Title), ("topline", f.Topline), ("lead", f.Lead), ("tags", f.Tags), ("speakers", f.Speakers), ("body", f.Body),
                ("pairs", WordPairs.Of(f)));
        }
        await sql.LaterAsync(
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
                speakers TEXT, body TEXT, plain_body TEXT, pairs INTEGER[]) ON COMMIT DROP
            """, transaction: tx);
        await using (var import = await c.BeginBinaryImportAsync(
            "COPY search_rows (article_id, language, title, topline, lead, tags, speakers, body, plain_body, pairs) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (articleId, f) in rows)
            {
                await import.StartRowAsync(ct);
                await import.WriteAsync(articleId, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                foreach (var text in (string[])[f.Language, f.Title, f.Topline, f.Lead, f.Tags, f.Speakers, f.Body, f.PlainBody])
                {
                    await import.WriteAsync(text, NpgsqlTypes.NpgsqlDbType.Text, ct);
                }
                await import.WriteAsync(WordPairs.Of(f), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer, ct);
            }
            await import.CompleteAsync(ct);
        }
        await c.ExecuteAsync(
            $"""
            INSERT INTO article_search (article_id, document, pairs) SELECT r.article_id, {Vector("r.")}, r.pairs FROM search_rows r
            ON CONFLICT (article_id) DO UPDATE SET document = excluded.document, pairs = excluded.pairs
            """, transaction: tx);
        await c.ExecuteAsync(
            """
            INSERT INTO article_search_text (article_id, language, body) SELECT article_id, language, plain_body FROM search_rows
            ON CONFLICT (article_id) DO UPDATE SET language = excluded.language, body = excluded.body
            """, transaction: tx);
        await c.ExecuteAsync("TRUNCATE search_rows", transaction: tx);
    }

    // PostgreSQL rows indexed before their phrase pairs were (migration 0023), a batch at a
    // time from the published documents; returns how many were done. Run at start-up until
    // none are left (BackgroundLoop); a search lets unpaired rows through meanwhile, so
    // nothing changes on any page and nothing is evicted. A publish in the meantime writes
    // its own pairs, which the update leaves alone.
    public static async Task<int> PairUnpairedAsync(Db db, int batch = 500, CancellationToken ct = default)
    {
        if (db.Dialect != SqlDialect.Postgres)
        {
            return 0;
        }
        await using var c = await db.OpenAsync(ct);
        var unpaired = (await c.QueryAsync<(long Id, string Document)>(
            """
            SELECT s.article_id, r.document FROM article_search s
            JOIN articles a ON a.id = s.article_id JOIN article_revisions r ON r.id = a.published_revision_id
            WHERE s.pairs IS NULL ORDER BY s.article_id LIMIT @batch
            """, new { batch })).AsList();
        if (unpaired.Count == 0)
        {
            return 0;
        }
        await using var tx = await c.BeginTransactionAsync(ct);
        using var sql = new PreparedSql(c, tx);
        foreach (var (id, document) in unpaired)
        {
            await sql.ExecuteAsync("UPDATE article_search SET pairs = @pairs WHERE article_id = @id AND pairs IS NULL",
                ("pairs", WordPairs.Of(Fields(ArticleFormat.ParseStored(document, id)))), ("id", id));
        }
        await tx.CommitAsync(ct);
        return unpaired.Count;
    }

    public static async Task RemoveAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long articleId)
    {
        await c.ExecuteAsync(dialect == SqlDialect.Sqlite
            ? "DELETE FROM article_search WHERE rowid = @articleId"
            : "DELETE FROM article_search WHERE article_id = @articleId", new { articleId }, tx);
        await c.ExecuteAsync("DELETE FROM article_search_text WHERE article_id = @articleId", new { articleId }, tx);
    }
}
