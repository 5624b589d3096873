using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
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
// Every method takes the caller's transaction (as PreparedSql, which keeps its statements
// prepared for a batch of articles): a publish is all or nothing.
public sealed class ArticleStore
{
    public static async Task<StoredArticle?> FindAsync(PreparedSql s, string slug)
    {
        await using var r = await s.ReaderAsync(
            """
            SELECT a.id, a.slug, a.state, s.slug AS section_slug, a.first_published_at, a.published_revision_id
            FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.slug = @slug
            """, ("slug", slug));
        return await r.ReadAsync()
            ? new StoredArticle
            {
                Id = r.GetInt64(0), Slug = r.GetString(1), State = r.GetString(2), SectionSlug = r.GetString(3),
                FirstPublishedAt = r.IsDBNull(4) ? null : r.GetInt64(4), PublishedRevisionId = r.IsDBNull(5) ? null : r.GetInt64(5),
            }
            : null;
    }

    public static async Task<string?> RedirectTargetAsync(PreparedSql s, string slug) =>
        await s.ScalarAsync("SELECT a.slug FROM slug_redirects r JOIN articles a ON a.id = r.article_id WHERE r.slug = @slug", ("slug", slug)) as string;

    // The upsert below, skipped when this transaction already made it (ids remembers them).
    public static async Task<long> SectionIdAsync(PreparedSql s, string slug, string? explicitName, UpsertedIds ids)
    {
        if (ids.Sections.TryGetValue(slug, out var known) && (explicitName is null || explicitName == known.Name))
        {
            return known.Id;
        }
        var id = await UpsertSectionAsync(s, slug, explicitName);
        ids.Sections[slug] = (id, explicitName ?? known.Name);
        return id;
    }

    public static async Task<long> UpsertSectionAsync(DbConnection c, DbTransaction tx, string slug, string? explicitName)
    {
        using var s = new PreparedSql(c, tx);
        return await UpsertSectionAsync(s, slug, explicitName);
    }

    // The section's id, the section made when missing and renamed when the document names it
    // differently; only a rename locks the row (see IdOfAsync).
    public static async Task<long> UpsertSectionAsync(PreparedSql s, string slug, string? explicitName)
    {
        var id = await IdOfAsync(s, "sections", slug, explicitName ?? Slugs.Humanize(slug));
        if (explicitName is not null)
        {
            await s.ExecuteAsync("UPDATE sections SET name = @explicitName WHERE id = @id AND name <> @explicitName", ("explicitName", explicitName), ("id", id));
        }
        return id;
    }

    // The id of a shared row (a section, tag or person) by its slug, inserted when missing.
    // An existing row is only read. An upsert's DO UPDATE would lock it until commit on
    // PostgreSQL, and an import batch holds the tags and people of hundreds of articles in no
    // one order: a desk publish taking two of them in slug order could deadlock against it.
    // Reading takes no lock, and the credit and tag rows' foreign keys take only key-share
    // locks, which never wait for one another.
    private static async Task<long> IdOfAsync(PreparedSql s, string table, string slug, string name)
    {
        var id = await s.ScalarAsync($"SELECT id FROM {table} WHERE slug = @slug", ("slug", slug))
            // Another transaction may insert the same slug first: then nothing is returned here,
            // and the row it committed is read below.
            ?? await s.ScalarAsync($"INSERT INTO {table} (slug, name) VALUES (@slug, @name) ON CONFLICT (slug) DO NOTHING RETURNING id", ("slug", slug), ("name", name))
            ?? await s.ScalarAsync($"SELECT id FROM {table} WHERE slug = @slug", ("slug", slug));
        return Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, ArticleDocument d, long sectionId, string state, long now)
    {
        using var s = new PreparedSql(c, tx);
        return await InsertAsync(s, d, sectionId, state, now);
    }

    public static async Task<long> InsertAsync(PreparedSql s, ArticleDocument d, long sectionId, string state, long now) =>
        Convert.ToInt64(await s.ScalarAsync(
            """
            INSERT INTO articles (slug, language, translation_group, section_id, state, breaking, topline, title, lead,
                                  comment_mode, comments_close_after_hours, created_at, modified_at)
            VALUES (@slug, @language, @translationGroup, @sectionId, @state, @breaking, @topline, @title, @lead,
                    @mode, @hours, @now, @now)
            RETURNING id
            """,
            ("slug", d.Slug), ("language", d.Language), ("translationGroup", d.TranslationGroup), ("sectionId", sectionId), ("state", state),
            ("breaking", d.Breaking ? 1 : 0), ("topline", d.Topline), ("title", d.Title), ("lead", d.Lead),
            ("mode", d.CommentPolicy?.Mode ?? "premoderated"), ("hours", d.CommentPolicy?.ClosesAfterHours), ("now", now)), CultureInfo.InvariantCulture);

    public static async Task<long> InsertRevisionAsync(DbConnection c, DbTransaction tx, long articleId, string document, string html, string by, string? note, bool minor, long now)
    {
        using var s = new PreparedSql(c, tx);
        return (await AddRevisionAsync(s, articleId, document, html, by, note, minor, now)).Id;
    }

    public static async Task<(long Id, int Number)> AddRevisionAsync(PreparedSql s, long articleId, string document, string html, string by, string? note, bool minor, long now)
    {
        await using var r = await s.ReaderAsync(
            """
            INSERT INTO article_revisions (article_id, number, created_at, created_by, note, minor, document, body_html, renderer_version)
            VALUES (@articleId, (SELECT COALESCE(MAX(number), 0) + 1 FROM article_revisions WHERE article_id = @articleId),
                    @now, @by, @note, @minor, @document, @html, @version)
            RETURNING id, number
            """,
            ("articleId", articleId), ("now", now), ("by", by), ("note", note), ("minor", minor ? 1 : 0), ("document", document), ("html", html),
            ("version", BlockRenderer.Version));
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt32(1));
    }

    public static async Task SetCurrentRevisionAsync(DbConnection c, DbTransaction tx, long articleId, long revisionId, string state, long? scheduledAt, long now)
    {
        using var s = new PreparedSql(c, tx);
        await SetCurrentRevisionAsync(s, articleId, revisionId, state, scheduledAt, now);
    }

    public static Task SetCurrentRevisionAsync(PreparedSql s, long articleId, long revisionId, string state, long? scheduledAt, long now) =>
        s.LaterAsync(
            "UPDATE articles SET current_revision_id = @revisionId, state = @state, scheduled_at = @scheduledAt, modified_at = @now WHERE id = @articleId",
            ("revisionId", revisionId), ("state", state), ("scheduledAt", scheduledAt), ("now", now), ("articleId", articleId));

    // Points the public page (and the current revision) at a revision: the projection columns,
    // tags, credits, links and redirects, none of them read back (PreparedSql.LaterAsync). A
    // fresh article (inserted in this transaction) has no tags, credits or links to delete first. The tag and credit rows carry the article's
    // status stamp for the tag and author lists (Reading/Listings.cs); this is the one place
    // the stamp changes, and it writes them anew every time.
    public static async Task ApplyPublicationAsync(PreparedSql s, long articleId, long revisionId, ArticleDocument d, long sectionId, long firstPublished, long updated, long now,
        UpsertedIds ids, bool fresh = false)
    {
        await s.LaterAsync(
            """
            UPDATE articles SET state = 'published', current_revision_id = @revisionId, language = @language, translation_group = @translationGroup, section_id = @sectionId,
                breaking = @breaking, topline = @topline, title = @title, lead = @lead, teaser_image_url = @teaserUrl, teaser_image_alt = @teaserAlt,
                first_published_at = @firstPublished, updated_at = @updated, scheduled_at = NULL, published_revision_id = @revisionId,
                comment_mode = @mode, comments_close_after_hours = @hours, modified_at = @now
            WHERE id = @articleId
            """,
            ("language", d.Language), ("translationGroup", d.TranslationGroup), ("sectionId", sectionId), ("breaking", d.Breaking ? 1 : 0),
            ("topline", d.Topline), ("title", d.Title), ("lead", d.Lead), ("teaserUrl", d.TeaserImage?.Src), ("teaserAlt", d.TeaserImage?.Alt),
            ("firstPublished", firstPublished), ("updated", updated), ("revisionId", revisionId),
            ("mode", d.CommentPolicy?.Mode ?? "premoderated"), ("hours", d.CommentPolicy?.ClosesAfterHours), ("now", now), ("articleId", articleId));

        if (!fresh)
        {
            await s.LaterAsync("DELETE FROM article_tags WHERE article_id = @articleId", ("articleId", articleId));
        }
        // Rows are written in slug order, positions keep the document's order; existing tags
        // and people are read, not locked (IdOfAsync).
        foreach (var (tag, slug, position) in d.Tags.Select((t, i) => (Tag: t, Slug: Slugs.From(t), Position: i)).OrderBy(t => t.Slug, StringComparer.Ordinal))
        {
            if (!ids.Tags.TryGetValue(slug, out var tagId))
            {
                tagId = await IdOfAsync(s, "tags", slug, tag);
                ids.Tags[slug] = tagId;
            }
            await s.LaterAsync("INSERT INTO article_tags (article_id, tag_id, position, updated_at) VALUES (@articleId, @tagId, @position, @updated)",
                ("articleId", articleId), ("tagId", tagId), ("position", position), ("updated", updated));
        }

        if (!fresh)
        {
            await s.LaterAsync("DELETE FROM article_authors WHERE article_id = @articleId", ("articleId", articleId));
        }
        foreach (var (author, slug, position) in d.Authors.Select((a, i) => (Author: a, Slug: Slugs.From(a.Name), Position: i)).OrderBy(a => a.Slug, StringComparer.Ordinal))
        {
            if (!ids.People.TryGetValue(slug, out var personId))
            {
                personId = await IdOfAsync(s, "people", slug, author.Name);
                ids.People[slug] = personId;
            }
            await s.LaterAsync(
                "INSERT INTO article_authors (article_id, position, person_id, role, location, updated_at) VALUES (@articleId, @position, @personId, @role, @location, @updated)",
                ("articleId", articleId), ("position", position), ("personId", personId), ("role", author.Role), ("location", author.Location), ("updated", updated));
        }

        if (!fresh)
        {
            await s.LaterAsync("DELETE FROM article_links WHERE article_id = @articleId", ("articleId", articleId));
        }
        foreach (var slug in d.Blocks.OfType<RelatedBlock>().SelectMany(b => b.Slugs).Distinct())
        {
            await s.LaterAsync("INSERT INTO article_links (article_id, slug) VALUES (@articleId, @slug)", ("articleId", articleId), ("slug", slug));
        }

        foreach (var old in d.PreviousSlugs.Where(p => p != d.Slug))
        {
            await s.LaterAsync(
                "INSERT INTO slug_redirects (slug, article_id) VALUES (@old, @articleId) ON CONFLICT (slug) DO UPDATE SET article_id = @articleId",
                ("old", old), ("articleId", articleId));
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
        var rows = await c.QueryAsync<(string Slug, string Section, string Title, string? Topline, string State)>(RelatedLinksSql(dialect), new { wanted }, tx);
        foreach (var r in rows.Where(r => r.State == ArticleStates.Published))
        {
            result[r.Slug] = new RelatedLink(ArticlePaths.Article(r.Section, r.Slug), r.Title, r.Topline);
        }
        return result;
    }

    // One query. Dapper expands "IN @wanted" into one parameter per slug for SQLite, but
    // sends a list to Npgsql as one array parameter, which PostgreSQL compares with ANY.
    // The state is checked by the caller, not here: SQLite, which keeps no statistics, took
    // "state = 'published'" with three or more slugs as the cheaper way in and walked every
    // published article (18 ms a publish on a site of 100,000; an import into that site
    // spent four fifths of its time there). With only the slugs to go by, it seeks each one.
    internal static string RelatedLinksSql(SqlDialect dialect) =>
        $"""
        SELECT a.slug, s.slug, a.title, a.topline, a.state FROM articles a JOIN sections s ON s.id = a.section_id
        WHERE {(dialect == SqlDialect.Postgres ? "a.slug = ANY (@wanted)" : "a.slug IN @wanted")}
        """;

    public static async Task<HashSet<string>> CacheTagsAsync(DbConnection c, DbTransaction tx, long articleId)
    {
        using var s = new PreparedSql(c, tx);
        return await CacheTagsAsync(s, articleId);
    }

    // Cache tags for every list an article appears on now, and every page that links to it
    // (related links, its translations' language links); called before and after a change.
    public static async Task<HashSet<string>> CacheTagsAsync(PreparedSql s, long articleId)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal) { $"article:{articleId}", "home", "search" };
        await using var r = await s.ReaderAsync(
            """
            SELECT 'section:' || s.slug FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = @articleId
            UNION ALL SELECT 'tag:' || t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = @articleId
            UNION ALL SELECT 'author:' || p.slug FROM article_authors aa JOIN people p ON p.id = aa.person_id WHERE aa.article_id = @articleId
            UNION ALL SELECT 'article:' || l.article_id FROM article_links l JOIN articles a ON a.slug = l.slug WHERE a.id = @articleId
            UNION ALL SELECT 'article:' || t.id FROM articles a JOIN articles t ON t.translation_group = a.translation_group
              WHERE a.id = @articleId AND t.id <> a.id
            """, ("articleId", articleId));
        while (await r.ReadAsync())
        {
            tags.Add(r.GetString(0));
        }
        return tags;
    }
}

// Ids of the sections, tags and people this transaction has already upserted, so a batch
// of articles upserts each once. Forget them after rolling back to a savepoint, which may
// have undone some of those rows.
public sealed class UpsertedIds
{
    internal Dictionary<string, (long Id, string? Name)> Sections { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, long> Tags { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, long> People { get; } = new(StringComparer.Ordinal);

    public void Forget()
    {
        Sections.Clear();
        Tags.Clear();
        People.Clear();
    }
}

public static class ArticlePaths
{
    public static string Article(string section, string slug) => $"/{section}/{slug}";

    public static string Section(string section) => $"/{section}";

    public static string Tag(string slug) => $"/tag/{slug}";

    public static string Author(string slug) => $"/author/{slug}";

    // The pages of a tag and an author by name, as every article page links them: the slugs
    // are worked out once per name (Slugs.From allocated more than the rest of a page's head).
    public static string TagOf(string name) => Memo(TagPaths, name, static n => Tag(Slugs.From(n)));

    public static string AuthorOf(string name) => Memo(AuthorPaths, name, static n => Author(Slugs.From(n)));

    private static readonly ConcurrentDictionary<string, string> TagPaths = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> AuthorPaths = new(StringComparer.Ordinal);

    // A newsroom's tags and bylines are a small set; past the cap (a runaway import, say)
    // the paths are worked out each time rather than kept.
    private const int MemoCap = 100_000;

    private static string Memo(ConcurrentDictionary<string, string> known, string name, Func<string, string> path)
    {
        if (known.TryGetValue(name, out var found))
        {
            return found;
        }
        var made = path(name);
        if (known.Count < MemoCap)
        {
            known.TryAdd(name, made);
        }
        return made;
    }
}
