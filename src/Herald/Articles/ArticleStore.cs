using System.Data.Common;
using Dapper;
using Herald.Data;

namespace Herald.Articles;

public static class ArticleStates
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Scheduled = "scheduled";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
}

public sealed class StoredArticle
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string State { get; init; } = "";
    public string SectionSlug { get; init; } = "";
    public long? FirstPublishedAt { get; init; }
    public long? PublishedRevisionId { get; init; }
}

// The SQL the publishing use case runs, each statement beside the method that needs it.
// Every method takes the caller's transaction: a publish is all or nothing.
public sealed class ArticleStore
{
    public static Task<StoredArticle?> FindAsync(DbConnection c, DbTransaction tx, string slug) =>
        c.QuerySingleOrDefaultAsync<StoredArticle>(
            """
            SELECT a.id, a.slug, a.state, s.slug AS section_slug, a.first_published_at, a.published_revision_id
            FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.slug = @slug
            """, new { slug }, tx);

    public static Task<string?> RedirectTargetAsync(DbConnection c, DbTransaction tx, string slug) =>
        c.QuerySingleOrDefaultAsync<string?>(
            "SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.slug = @slug", new { slug }, tx);

    public static Task<long> UpsertSectionAsync(DbConnection c, DbTransaction tx, string slug, string? explicitName) =>
        c.ExecuteScalarAsync<long>(
            """
            INSERT INTO sections (slug, name) VALUES (@slug, @name)
            ON CONFLICT (slug) DO UPDATE SET name = COALESCE(@explicitName, sections.name)
            RETURNING id
            """, new { slug, name = explicitName ?? Slugs.Humanize(slug), explicitName }, tx);

    public static Task<long> InsertAsync(DbConnection c, DbTransaction tx, ArticleDocument d, long sectionId, string state, long now) =>
        c.ExecuteScalarAsync<long>(
            """
            INSERT INTO articles (slug, language, translation_group, section_id, state, breaking, topline, title, lead,
                                  comment_mode, comments_close_after_hours, created_at, modified_at)
            VALUES (@Slug, @Language, @TranslationGroup, @sectionId, @state, @breaking, @Topline, @Title, @Lead,
                    @mode, @hours, @now, @now)
            RETURNING id
            """,
            new
            {
                d.Slug, d.Language, d.TranslationGroup, sectionId, state, breaking = d.Breaking ? 1 : 0, d.Topline, d.Title, d.Lead,
                mode = d.CommentPolicy?.Mode ?? "premoderated", hours = d.CommentPolicy?.ClosesAfterHours, now,
            }, tx);

    public static Task<long> InsertRevisionAsync(DbConnection c, DbTransaction tx, long articleId, string document, string html, string by, string? note, bool minor, long now) =>
        c.ExecuteScalarAsync<long>(
            """
            INSERT INTO article_revisions (article_id, number, created_at, created_by, note, minor, document, body_html, renderer_version)
            VALUES (@articleId, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = @articleId),
                    @now, @by, @note, @minor, @document, @html, @version)
            RETURNING id
            """, new { articleId, now, by, note, minor = minor ? 1 : 0, document, html, version = BlockRenderer.Version }, tx);

    public static Task SetCurrentRevisionAsync(DbConnection c, DbTransaction tx, long articleId, long revisionId, string state, long? scheduledAt, long now) =>
        c.ExecuteAsync(
            "UPDATE articles SET current_revision_id = @revisionId, state = @state, scheduled_at = @scheduledAt, modified_at = @now WHERE id = @articleId",
            new { articleId, revisionId, state, scheduledAt, now }, tx);

    // Points the public page at a revision: the projection columns, tags, credits, links and redirects.
    public static async Task ApplyPublicationAsync(DbConnection c, DbTransaction tx, long articleId, long revisionId, ArticleDocument d, long sectionId, long firstPublished, long updated, long now)
    {
        await c.ExecuteAsync(
            """
            UPDATE articles SET state = 'published', language = @Language, translation_group = @TranslationGroup, section_id = @sectionId,
                breaking = @breaking, topline = @Topline, title = @Title, lead = @Lead, teaser_image_url = @teaserUrl, teaser_image_alt = @teaserAlt,
                first_published_at = @firstPublished, updated_at = @updated, scheduled_at = NULL, published_revision_id = @revisionId,
                comment_mode = @mode, comments_close_after_hours = @hours, modified_at = @now
            WHERE id = @articleId
            """,
            new
            {
                articleId, revisionId, d.Language, d.TranslationGroup, sectionId, breaking = d.Breaking ? 1 : 0, d.Topline, d.Title, d.Lead,
                teaserUrl = d.TeaserImage?.Src, teaserAlt = d.TeaserImage?.Alt, firstPublished, updated,
                mode = d.CommentPolicy?.Mode ?? "premoderated", hours = d.CommentPolicy?.ClosesAfterHours, now,
            }, tx);

        await c.ExecuteAsync("DELETE FROM article_tags WHERE article_id = @articleId", new { articleId }, tx);
        // Rows are upserted in slug order so concurrent publishes sharing tags or people lock
        // them in the same order (no deadlock on PostgreSQL); positions keep the document's order.
        foreach (var (tag, position) in d.Tags.Select((t, i) => (t, i)).OrderBy(t => Slugs.From(t.t), StringComparer.Ordinal))
        {
            var tagId = await c.ExecuteScalarAsync<long>(
                "INSERT INTO tags (slug, name) VALUES (@slug, @tag) ON CONFLICT (slug) DO UPDATE SET name = tags.name RETURNING id",
                new { slug = Slugs.From(tag), tag }, tx);
            await c.ExecuteAsync("INSERT INTO article_tags (article_id, tag_id, position) VALUES (@articleId, @tagId, @position)",
                new { articleId, tagId, position }, tx);
        }

        await c.ExecuteAsync("DELETE FROM article_authors WHERE article_id = @articleId", new { articleId }, tx);
        foreach (var (author, position) in d.Authors.Select((a, i) => (a, i)).OrderBy(a => Slugs.From(a.a.Name), StringComparer.Ordinal))
        {
            var personId = await c.ExecuteScalarAsync<long>(
                "INSERT INTO people (slug, name) VALUES (@slug, @Name) ON CONFLICT (slug) DO UPDATE SET name = people.name RETURNING id",
                new { slug = Slugs.From(author.Name), author.Name }, tx);
            await c.ExecuteAsync(
                "INSERT INTO article_authors (article_id, position, person_id, role, location) VALUES (@articleId, @position, @personId, @Role, @Location)",
                new { articleId, position, personId, author.Role, author.Location }, tx);
        }

        await c.ExecuteAsync("DELETE FROM article_links WHERE article_id = @articleId", new { articleId }, tx);
        foreach (var slug in d.Blocks.OfType<RelatedBlock>().SelectMany(b => b.Slugs).Distinct())
        {
            await c.ExecuteAsync("INSERT INTO article_links (article_id, slug) VALUES (@articleId, @slug)", new { articleId, slug }, tx);
        }

        foreach (var old in d.PreviousSlugs.Where(s => s != d.Slug))
        {
            await c.ExecuteAsync(
                "INSERT INTO slug_redirects (slug, article_id) VALUES (@old, @articleId) ON CONFLICT (slug) DO UPDATE SET article_id = @articleId",
                new { old, articleId }, tx);
        }
    }

    public static async Task<Dictionary<string, RelatedLink>> RelatedLinksAsync(DbConnection c, DbTransaction? tx, SqlDialect dialect, IEnumerable<string> slugs)
    {
        var wanted = slugs.Distinct().ToArray();
        var result = new Dictionary<string, RelatedLink>(StringComparer.Ordinal);
        if (wanted.Length == 0)
        {
            return result;
        }
        // One query. Dapper expands "IN @wanted" into one parameter per slug for SQLite, but
        // sends a list to Npgsql as one array parameter, which PostgreSQL compares with ANY.
        var isWanted = dialect == SqlDialect.Postgres ? "a.slug = ANY (@wanted)" : "a.slug IN @wanted";
        var rows = await c.QueryAsync<(string Slug, string Section, string Title, string? Topline)>(
            $"""
            SELECT a.slug, s.slug, a.title, a.topline FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE {isWanted} AND a.state = 'published'
            """, new { wanted }, tx);
        foreach (var r in rows)
        {
            result[r.Slug] = new RelatedLink(ArticlePaths.Article(r.Section, r.Slug), r.Title, r.Topline);
        }
        return result;
    }

    // Cache tags for every list an article appears on now; called before and after a change.
    public static async Task<HashSet<string>> CacheTagsAsync(DbConnection c, DbTransaction tx, long articleId)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal) { $"article:{articleId}", "home", "search" };
        var rows = await c.QueryAsync<string>(
            """
            SELECT 'section:' || s.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = @articleId
            UNION ALL SELECT 'tag:' || t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = @articleId
            UNION ALL SELECT 'author:' || p.slug FROM article_authors aa JOIN people p ON p.id = aa.person_id WHERE aa.article_id = @articleId
            UNION ALL SELECT 'article:' || l.article_id FROM article_links l JOIN articles a ON a.slug = l.slug WHERE a.id = @articleId
            """, new { articleId }, tx);
        tags.UnionWith(rows);
        return tags;
    }
}

public static class ArticlePaths
{
    public static string Article(string section, string slug) => $"/{section}/{slug}";

    public static string Section(string section) => $"/{section}";

    public static string Tag(string slug) => $"/tag/{slug}";

    public static string Author(string slug) => $"/author/{slug}";
}
