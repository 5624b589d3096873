using System.Data.Common;
using System.Globalization;
using Dapper;
using Herald.Articles;
using Herald.Data;

namespace Herald.Reading;

public class ArticleSummary
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string SectionSlug { get; init; } = "";
    public string SectionName { get; init; } = "";
    public string Language { get; init; } = "";
    public string? Topline { get; init; }
    public string Title { get; init; } = "";
    public string Lead { get; init; } = "";
    public bool Breaking { get; init; }
    public string? TeaserImageUrl { get; init; }
    public string? TeaserImageAlt { get; init; }
    public long FirstPublishedAt { get; init; }
    public long UpdatedAt { get; init; }

    public string Path => ArticlePaths.Article(SectionSlug, Slug);

    // A row of ReadingQueries' summary columns, in their order (see TypedRows).
    public static ArticleSummary Read(TypedRow r) => new()
    {
        Id = r.GetInt64(0),
        Slug = r.GetString(1),
        SectionSlug = r.GetString(2),
        SectionName = r.GetString(3),
        Language = r.GetString(4),
        Topline = r.NullableString(5),
        Title = r.GetString(6),
        Lead = r.GetString(7),
        Breaking = r.GetInt32(8) != 0,
        TeaserImageUrl = r.NullableString(9),
        TeaserImageAlt = r.NullableString(10),
        FirstPublishedAt = r.NullableInt64(11) ?? 0,
        UpdatedAt = r.NullableInt64(12) ?? 0,
    };
}

public sealed class ArticleView
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string State { get; init; } = "";
    public string SectionSlug { get; init; } = "";
    public string SectionName { get; init; } = "";
    public string? TranslationGroup { get; init; }
    public long FirstPublishedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long RevisionId { get; init; }

    // The published revision's body, rendered at publish time, as the UTF-8 it is stored and
    // sent as: in the render's TextArena when read for the article page.
    public ReadOnlyMemory<byte> BodyHtml { get; init; }

    public string Language { get; init; } = "";

    // The discussion's overrides (Discussions.ModeColumns), so the page needs no second query.
    public string? ArticleMode { get; init; }
    public string? SectionMode { get; init; }

    // A row of ReadingQueries' article query, in its order (see TypedRows).
    public static ArticleView Read(TypedRow r) => new()
    {
        Id = r.GetInt64(0),
        Slug = r.GetString(1),
        State = r.GetString(2),
        SectionSlug = r.GetString(3),
        SectionName = r.GetString(4),
        TranslationGroup = r.NullableString(5),
        Language = r.GetString(6),
        FirstPublishedAt = r.NullableInt64(7) ?? 0,
        UpdatedAt = r.NullableInt64(8) ?? 0,
        RevisionId = r.GetInt64(9),
        BodyHtml = r.Utf8Text(10),
        ArticleMode = r.NullableString(11),
        SectionMode = r.NullableString(12),
    };
}

public sealed record Page<T>(IReadOnlyList<T> Items, int Number, bool HasNext);

public sealed record NamedLink(string Slug, string Name);

// Read-side SQL for the public pages. Lists are one query each, paged with LIMIT,
// fetching one extra row to know whether a next page exists.
public sealed class ReadingQueries(Db db, RevisionDocuments revisions)
{
    // In the order ArticleSummary.Read reads them.
    private const string SummaryColumns =
        """
        a.id, a.slug, s.slug AS section_slug, s.name AS section_name, a.language, a.topline, a.title, a.lead, a.breaking,
        a.teaser_image_url, a.teaser_image_alt, a.first_published_at, a.updated_at
        """;

    public async Task<ArticleView?> ArticleAsync(string slug)
    {
        await using var c = await db.OpenAsync();
        return await ArticleAsync(c, slug);
    }

    // The body is read into arena when there is one (see ArticleView.BodyHtml).
    public async Task<ArticleView?> ArticleAsync(DbConnection c, string slug, TextArena? arena = null) =>
        (await TypedRows.ReadAsync(c, arena, ArticleSql, ArticleView.Read, default, ("slug", slug))).SingleOrDefault();

    // In the order ArticleView.Read reads them.
    private const string ArticleSql =
        $"""
        SELECT a.id, a.slug, a.state, s.slug AS section_slug, s.name AS section_name, a.translation_group, a.language,
               a.first_published_at, a.updated_at, r.id AS revision_id, r.body_html,
               {Herald.Comments.Discussions.ModeColumns}
        FROM articles a
        JOIN sections s ON s.id = a.section_id
        JOIN article_revisions r ON r.id = a.published_revision_id
        WHERE a.slug = @slug AND a.state IN ('published', 'unpublished')
        """;

    public async Task<ArticleSummary?> ArticleByIdAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return (await TypedRows.ReadAsync(c,
            $"SELECT {SummaryColumns} FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.id = @id AND a.state = 'published'",
            ArticleSummary.Read, default, ("id", id))).SingleOrDefault();
    }

    public Task<string?> RedirectAsync(DbConnection c, string slug) =>
        c.QuerySingleOrDefaultAsync<string?>(
            """
            SELECT '/' || s.slug || '/' || a.slug FROM slug_redirects r
            JOIN articles a ON a.id = r.article_id JOIN sections s ON s.id = a.section_id
            WHERE r.slug = @slug AND a.state = 'published'
            """, new { slug });

    public async Task<IReadOnlyList<ArticleSummary>> TranslationsAsync(string group, long exceptId)
    {
        await using var c = await db.OpenAsync();
        return await TranslationsAsync(c, group, exceptId);
    }

    // An article's translations, through the translation group's index. The state is compared
    // as an expression: plainly compared, SQLite took the state's index and walked every
    // published article of the site on each render of a translated article.
    internal static readonly string TranslationsSql = Translations("@group", "a.id <> @exceptId");

    private static string Translations(string group, string except) =>
        $"""
        SELECT {SummaryColumns} FROM articles a JOIN sections s ON s.id = a.section_id
        WHERE a.translation_group = {group} AND {except} AND a.state || '' = 'published'
        ORDER BY a.language LIMIT 20
        """;

    public async Task<IReadOnlyList<ArticleSummary>> TranslationsAsync(DbConnection c, string group, long exceptId) =>
        await TypedRows.ReadAsync(c, TranslationsSql, ArticleSummary.Read, default, ("group", group), ("exceptId", exceptId));

    // PostgreSQL: what the article page reads (ArticleEndpoint), in one round trip instead of
    // five. The article, its translations and its discussion are named by the slug, as the
    // later statements cannot wait for the article's id; they see one snapshot, the batch's
    // own transaction (opened and committed in it, not by Npgsql, whose ROLLBACK at the end
    // would be another round trip). Read for an article the page then does not show (a
    // draft's slug, an unpublished article), the translations and discussion are not used.
    public async Task<(ArticleView? Article, IReadOnlyList<ArticleSummary> Translations, Herald.Comments.DiscussionPage Discussion)> ArticlePageAsync(
        DbConnection c, Herald.Comments.CommentQueries comments, string slug, string? sort, int page, long? viewer, TextArena arena, CancellationToken ct)
    {
        var articles = new List<ArticleView>(1);
        var translations = new List<ArticleSummary>();
        (string, object?)[] bySlug = [("slug", slug)];
        var discussion = comments.PageInBatch(ArticleIdBySlug, bySlug, sort, page, viewer);
        await TypedRows.BatchAsync(c, arena, ct,
        [
            new("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", null),
            new(ArticleSql, r => articles.Add(ArticleView.Read(r)), bySlug),
            new(TranslationsBySlugSql, r => translations.Add(ArticleSummary.Read(r)), bySlug),
            .. discussion.Statements,
            new("COMMIT", null),
        ]);
        return (articles.SingleOrDefault(), translations, discussion.Page());
    }

    private const string ArticleIdBySlug = "(SELECT id FROM articles WHERE slug = @slug)";

    private static readonly string TranslationsBySlugSql =
        Translations("(SELECT translation_group FROM articles WHERE slug = @slug)", "a.slug <> @slug");

    // The section navigation is on every page, error pages included: it is kept for a few
    // seconds, and when the database cannot be reached the last known list is shown.
    private (IReadOnlyList<NamedLink> Sections, long At) sections = ([], long.MinValue / 2);

    // The parsed document of the article's published revision (kept; see RevisionDocuments).
    // The page's query leaves the document's JSON out: it is read here only when not kept.
    public async Task<ArticleDocument> DocumentOfAsync(ArticleView article)
    {
        var revisionId = article.RevisionId;
        return await revisions.OfAsync(revisionId, async () =>
        {
            await using var c = await db.OpenAsync();
            return await RevisionDocuments.Load(c, revisionId);
        }) ?? throw new StoredDocumentException(article.Id,
            $"the stored document of its published revision ({revisionId}) is not valid {ArticleDocument.FormatName}; its revisions page in the desk says why");
    }

    // Called on every content change, so a new section shows at once. Only a change that can
    // alter the navigation carries its tag (SiteNavigation.CheckAsync): a comment does not, and
    // a busy discussion would otherwise have every page read the sections again.
    public void ForgetSections(IReadOnlyCollection<string> tags)
    {
        if (tags.Contains(SiteNavigation.CacheTag))
        {
            sections = (sections.Sections, long.MinValue / 2);
        }
    }

    public async Task<IReadOnlyList<NamedLink>> SectionsAsync()
    {
        var now = Environment.TickCount64;
        if (now - sections.At < 5000)
        {
            return sections.Sections;
        }
        try
        {
            await using var c = await db.OpenAsync();
            var fresh = (await c.QueryAsync<NamedLink>(SiteNavigation.Sql)).ToList();
            sections = (fresh, now);
            return fresh;
        }
        catch (System.Data.Common.DbException)
        {
            return sections.Sections;
        }
    }

    // A section's, tag's or author's page: its name (null when there is none by that slug)
    // and one page of its list, on one connection. On PostgreSQL both statements go in one
    // batch, one round trip instead of two.
    public Task<(NamedLink? Named, Page<ArticleSummary> Items)> SectionPageAsync(string slug, int page, int size) =>
        NamedPageAsync("SELECT slug, name FROM sections WHERE slug = @slug", Listings.Section("@slug"), false, slug, page, size);

    public Task<(NamedLink? Named, Page<ArticleSummary> Items)> TagPageAsync(string slug, int page, int size) =>
        NamedPageAsync("SELECT slug, name FROM tags WHERE slug = @slug", Listings.Tag("@slug"), true, slug, page, size);

    public Task<(NamedLink? Named, Page<ArticleSummary> Items)> AuthorPageAsync(string slug, int page, int size) =>
        NamedPageAsync("SELECT slug, name FROM people WHERE slug = @slug", Listings.Author("@slug"), true, slug, page, size);

    private async Task<(NamedLink? Named, Page<ArticleSummary> Items)> NamedPageAsync(string namedSql, string listing, bool byTagOrAuthor, string slug, int page, int size)
    {
        await using var c = await db.OpenAsync();
        var (sql, values) = PageSql(listing, byTagOrAuthor, page, size, ("slug", slug));
        static NamedLink ReadNamed(TypedRow r) => new(r.GetString(0), r.GetString(1));
        if (db.Dialect == SqlDialect.Postgres)
        {
            var (named, rows) = ((NamedLink?)null, new List<ArticleSummary>());
            await TypedRows.BatchAsync(c, null, default,
                new(namedSql, r => named = ReadNamed(r), ("slug", slug)),
                new(sql, r => rows.Add(ArticleSummary.Read(r)), values));
            return (named, Paged(rows, page, size));
        }
        if ((await TypedRows.ReadAsync(c, namedSql, ReadNamed, default, ("slug", slug))).SingleOrDefault() is not { } found)
        {
            return (null, Paged([], page, size));
        }
        return (found, Paged(await TypedRows.ReadAsync(c, sql, ArticleSummary.Read, default, values), page, size));
    }

    public async Task<Page<ArticleSummary>> LatestAsync(int page, int size)
    {
        var (sql, values) = PageSql(Listings.Site(), false, page, size);
        await using var c = await db.OpenAsync();
        return Paged(await TypedRows.ReadAsync(c, sql, ArticleSummary.Read, default, values), page, size);
    }

    // The newest few of every section, in one query: one LIMIT branch per section, each an
    // index range scan, instead of ranking every published article (which grows with the archive).
    // PostgreSQL runs the branches as a LATERAL join over the sections, so it needs neither the
    // sections' ids first (a round trip) nor their test for a published article (a section
    // without one has no rows): 0.39 ms in one statement against 0.45 + 0.15 ms in two.
    // SQLite has no LATERAL; it is given the ids and a branch for each.
    public async Task<IReadOnlyList<ArticleSummary>> NewestPerSectionAsync(int perSection)
    {
        await using var c = await db.OpenAsync();
        return await NewestPerSectionAsync(c, perSection);
    }

    // The home page's first page: the latest stories and the newest of each section, on one
    // connection; on PostgreSQL in one batch, one round trip instead of two.
    public async Task<(Page<ArticleSummary> Latest, IReadOnlyList<ArticleSummary> Sections)> FrontPageAsync(int size, int perSection)
    {
        await using var c = await db.OpenAsync();
        var (sql, values) = PageSql(Listings.Site(), false, 1, size);
        if (db.Dialect == SqlDialect.Postgres)
        {
            var (latest, sections) = (new List<ArticleSummary>(), new List<ArticleSummary>());
            await TypedRows.BatchAsync(c, null, default,
                new(sql, r => latest.Add(ArticleSummary.Read(r)), values),
                new(PostgresNewestPerSection(perSection), r => sections.Add(ArticleSummary.Read(r))));
            return (Paged(latest, 1, size), sections);
        }
        return (Paged(await TypedRows.ReadAsync(c, sql, ArticleSummary.Read, default, values), 1, size), await NewestPerSectionAsync(c, perSection));
    }

    private static string PostgresNewestPerSection(int perSection) =>
        $"""
        SELECT newest.* FROM sections s CROSS JOIN LATERAL (
            SELECT {SummaryColumns} FROM articles a
            WHERE a.section_id = s.id AND a.state = 'published'
            ORDER BY a.updated_at DESC, a.id DESC LIMIT {perSection.ToString(CultureInfo.InvariantCulture)}) newest
        ORDER BY newest.section_name, newest.updated_at DESC, newest.id DESC
        """;

    private async Task<IReadOnlyList<ArticleSummary>> NewestPerSectionAsync(DbConnection c, int perSection)
    {
        if (db.Dialect == SqlDialect.Postgres)
        {
            return await TypedRows.ReadAsync(c, PostgresNewestPerSection(perSection), ArticleSummary.Read, default);
        }
        var limit = perSection.ToString(CultureInfo.InvariantCulture);
        var sections = (await c.QueryAsync<long>(
            "SELECT s.id FROM sections s WHERE EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id AND a.state = 'published') ORDER BY s.id")).ToList();
        if (sections.Count == 0)
        {
            return [];
        }
        var branches = sections.Select((_, i) =>
            $"""
            SELECT * FROM (
                SELECT {SummaryColumns} FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.section_id = @s{i} AND a.state = 'published'
                ORDER BY a.updated_at DESC, a.id DESC LIMIT {limit}) b{i}
            """);
        // The LIMIT is written in, not a parameter, for the reason given at PageLimit (here
        // 2 ms of planning at every run of the home page on PostgreSQL).
        var parameters = sections.Select((id, i) => ($"s{i}", (object?)id)).ToArray();
        return await TypedRows.ReadAsync(c,
            $"""
            SELECT * FROM ({string.Join(" UNION ALL ", branches)}) newest
            ORDER BY section_name, updated_at DESC, id DESC
            """, ArticleSummary.Read, default, parameters);
    }

    // The page's size is written into the statement, and its offset only past the first page:
    // PostgreSQL plans a statement whose LIMIT or OFFSET is a parameter again at every run
    // (its generic plan guesses at them and always looks dearer), which took longer than
    // running it (a section's first page: 0.47-0.72 ms of planning for 0.27 ms of work).
    private static string PageLimit(int page, int size) =>
        string.Create(CultureInfo.InvariantCulture, $"LIMIT {size + 1}") + (page > 1 ? " OFFSET @offset" : "");

    // The page's place in the list is found first, from the list's index alone (a deferred
    // join), and only its rows are read: a deep page (OFFSET 4,000 on the benchmark site) made
    // PostgreSQL read and sort the whole section's rows, 16-36 ms against 6-7 ms this way,
    // and even the first page 7.2 against 1.3 ms; SQLite is as fast or faster (0.45 against
    // 0.33 ms at that depth).
    private static (string Sql, (string Name, object? Value)[] Values) PageSql(string listing, bool byTagOrAuthor, int page, int size,
        params (string Name, object? Value)[] values)
    {
        var (stamp, id) = Listings.OrderOf(byTagOrAuthor);
        return ($"""
            SELECT {SummaryColumns}
            FROM (SELECT {stamp} AS page_stamp, {id} AS page_id {listing} {PageLimit(page, size)}) p
            JOIN articles a ON a.id = p.page_id JOIN sections s ON s.id = a.section_id
            ORDER BY p.page_stamp DESC, p.page_id DESC
            """, page > 1 ? [.. values, ("offset", (page - 1) * size)] : values);
    }

    // The rows of a page read with one more than it shows: whether there is a next page.
    private static Page<ArticleSummary> Paged(List<ArticleSummary> rows, int page, int size) =>
        new(rows.Take(size).ToList(), page, rows.Count > size);
}
