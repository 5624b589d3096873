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
                """
                INSERT INTO article_search (article_id, document) VALUES (@articleId,
                    setweight(to_tsvector('simple', @title), 'A') || setweight(to_tsvector('simple', @tags), 'A') ||
                    setweight(to_tsvector('simple', @topline), 'B') || setweight(to_tsvector('simple', @lead), 'B') ||
                    setweight(to_tsvector('simple', @speakers), 'C') || setweight(to_tsvector('simple', @body), 'D'))
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

    public static async Task RemoveAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long articleId)
    {
        await c.ExecuteAsync(dialect == SqlDialect.Sqlite
            ? "DELETE FROM article_search WHERE rowid = @articleId"
            : "DELETE FROM article_search WHERE article_id = @articleId", new { articleId }, tx);
        await c.ExecuteAsync("DELETE FROM article_search_text WHERE article_id = @articleId", new { articleId }, tx);
    }
}
