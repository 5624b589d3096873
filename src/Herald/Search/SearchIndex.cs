using System.Data.Common;
using Dapper;
using Herald.Articles;
using Herald.Data;

namespace Herald.Search;

// Keeps the full-text index in step with what is published. Called inside the
// publish and unpublish transactions, so search never shows an unpublished article.
public static class SearchIndex
{
    public static async Task UpsertAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long articleId, ArticleDocument doc)
    {
        var language = doc.Language;
        var body = SearchText.BodyText(doc);
        var fields = new
        {
            articleId,
            title = SearchText.IndexForm(doc.Title, language),
            topline = SearchText.IndexForm(doc.Topline, language),
            lead = SearchText.IndexForm(doc.Lead, language),
            tags = SearchText.IndexForm(string.Join(". ", doc.Tags), language),
            speakers = SearchText.IndexForm(string.Join(". ", doc.Blocks.OfType<QuoteBlock>().Select(q => q.Speaker).OfType<string>()), language),
            body = SearchText.IndexForm(body, language),
        };
        if (dialect == SqlDialect.Sqlite)
        {
            await c.ExecuteAsync("DELETE FROM article_search WHERE rowid = @articleId", new { articleId }, tx);
            await c.ExecuteAsync(
                "INSERT INTO article_search (rowid, title, topline, lead, tags, speakers, body) VALUES (@articleId, @title, @topline, @lead, @tags, @speakers, @body)",
                fields, tx);
        }
        else
        {
            await c.ExecuteAsync(
                """
                INSERT INTO article_search (article_id, document) VALUES (@articleId,
                    setweight(to_tsvector('simple', @title), 'A') || setweight(to_tsvector('simple', @tags), 'A') ||
                    setweight(to_tsvector('simple', @topline), 'B') || setweight(to_tsvector('simple', @lead), 'B') ||
                    setweight(to_tsvector('simple', @speakers), 'C') || setweight(to_tsvector('simple', @body), 'D'))
                ON CONFLICT (article_id) DO UPDATE SET document = excluded.document
                """, fields, tx);
        }
        await c.ExecuteAsync(
            """
            INSERT INTO article_search_text (article_id, language, body) VALUES (@articleId, @language, @body)
            ON CONFLICT (article_id) DO UPDATE SET language = excluded.language, body = excluded.body
            """, new { articleId, language, body }, tx);
    }

    public static async Task RemoveAsync(DbConnection c, DbTransaction tx, SqlDialect dialect, long articleId)
    {
        await c.ExecuteAsync(dialect == SqlDialect.Sqlite
            ? "DELETE FROM article_search WHERE rowid = @articleId"
            : "DELETE FROM article_search WHERE article_id = @articleId", new { articleId }, tx);
        await c.ExecuteAsync("DELETE FROM article_search_text WHERE article_id = @articleId", new { articleId }, tx);
    }
}
