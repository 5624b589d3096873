using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Feeds;

// /sitemap.xml is an index of /sitemaps/{kind}-{n}.xml (articles, sections, tags and
// authors, UrlsPerFile each) and /sitemaps/news.xml. Every article change touches the
// "home" cache tag, so that one tag evicts them all.
public static class Sitemaps
{
    public const string IndexPath = "/sitemap.xml";
    public const string NewsPath = "/sitemaps/news.xml";
    internal const string CacheTag = "home";

    public static readonly IReadOnlyList<string> Kinds = ["articles", "sections", "tags", "authors"];

    private static readonly Dictionary<string, int> KindOrder = Kinds.Select((kind, i) => (kind, i)).ToDictionary(k => k.kind, k => k.i);

    public static string PagePath(string kind, int page) => $"/sitemaps/{kind}-{page}.xml";

    // Articles are paged by id: page n holds the published articles with ids in
    // ((n - 1) * UrlsPerFile, n * UrlsPerFile], so a new article lands on the last page and
    // taking one down changes only its own page. A page is then a range of the primary key,
    // and the index's lastmod per page one pass over the (state, stamp) index: no sort of
    // the whole site, no OFFSET over it (at 100,000 articles both took 0.1-0.2 s a request).
    internal static readonly string ArticlePages =
        $"""
        SELECT 'articles' AS kind, (a.id - 1) / {SitemapXml.UrlsPerFile} + 1 AS page, MAX(a.updated_at) AS lastmod
        FROM articles a WHERE a.state = 'published'
        GROUP BY (a.id - 1) / {SitemapXml.UrlsPerFile} + 1
        """;

    // The state is compared as an expression (`state || ''`, docs/architecture.md): with a
    // plain comparison SQLite, which keeps no statistics, took the state's index as its way
    // in, walked every published article and sorted them, instead of the id range.
    internal const string ArticlePage =
        """
        SELECT s.slug AS parent, a.slug AS slug, a.updated_at AS lastmod
        FROM articles a JOIN sections s ON s.id = a.section_id
        WHERE a.state || '' = 'published' AND a.id > @after AND a.id <= @last
        ORDER BY a.id
        """;

    // Sections, tags and authors as rows of (ord, parent, slug, lastmod), paged in slug
    // order. Each one's lastmod is its newest published article, found by walking its own
    // index from the newest stamp down (migration 0013 and articles_by_section), so each
    // costs a probe or two, not a pass over every article it was ever given (the joins
    // grouped by slug took 0.5 s for the tags of 100,000 articles).
    internal static string Source(string kind) => kind switch
    {
        "sections" => Newest("sections", "s",
            "SELECT a.updated_at FROM articles a WHERE a.section_id = s.id AND a.state = 'published' ORDER BY a.updated_at DESC, a.id DESC LIMIT 1"),
        "tags" => Newest("tags", "t",
            """
            SELECT a.updated_at FROM article_tags x JOIN articles a ON a.id = x.article_id
            WHERE x.tag_id = t.id AND a.state = 'published' ORDER BY x.updated_at DESC, x.article_id DESC LIMIT 1
            """),
        "authors" => Newest("people", "p",
            """
            SELECT a.updated_at FROM article_authors x JOIN articles a ON a.id = x.article_id
            WHERE x.person_id = p.id AND a.state = 'published' ORDER BY x.updated_at DESC, x.article_id DESC LIMIT 1
            """),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "articles are paged by id (ArticlePage)"),
    };

    // The names with a published article, each with its newest one. Materialized, so each
    // name's newest article is looked up once: as a plain subquery SQLite copied the lookup
    // into the outer WHERE and made it twice.
    private static string Newest(string table, string alias, string newest) =>
        $"""
        WITH listed AS MATERIALIZED (
            SELECT {alias}.slug AS ord, NULL AS parent, {alias}.slug AS slug, ({newest}) AS lastmod FROM {table} {alias}
        )
        SELECT ord, parent, slug, lastmod FROM listed WHERE lastmod IS NOT NULL
        """;

    private static string PathOf(string kind, string? parent, string slug) => kind switch
    {
        "articles" => ArticlePaths.Article(parent!, slug),
        "sections" => ArticlePaths.Section(slug),
        "tags" => ArticlePaths.Tag(slug),
        _ => ArticlePaths.Author(slug),
    };

    public static void MapSitemapRoutes(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(IndexPath, ["GET", "HEAD"], IndexAsync).CacheOutput(PageCache.Policy);
        endpoints.MapMethods(NewsPath, ["GET", "HEAD"], NewsSitemap.ServeAsync).CacheOutput(PageCache.Policy);
        foreach (var kind in Kinds)
        {
            endpoints.MapMethods($"/sitemaps/{kind}-{{page:int}}.xml", ["GET", "HEAD"],
                    (HttpContext http, Db db, HeraldOptions options, TimeProvider clock, int page) => PageAsync(http, db, options, clock, kind, page))
                .CacheOutput(PageCache.Policy);
        }
    }

    private static async Task<IResult> IndexAsync(HttpContext http, Db db, HeraldOptions options, TimeProvider clock)
    {
        await using var c = await db.OpenAsync(http.RequestAborted);
        // Answered before the pages are counted (a walk of every article, section, tag and
        // author: 40-50 ms at 100,000 articles), so a crawler's conditional request is cheap.
        var lastModified = await ChangeTimes.LastAsync(c, CacheTag);
        PageCache.Apply(http, lastModified, CacheTag);
        if (Conditional.NotModifiedSince(http, lastModified, clock))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        // One query: the pages of every kind with the newest lastmod on each.
        var pages = (await c.QueryAsync<(string Kind, long Page, long LastModified)>(
            string.Join("\nUNION ALL\n", Kinds.Select(kind => kind == "articles" ? ArticlePages :
                $"""
                SELECT '{kind}' AS kind, (rn - 1) / {SitemapXml.UrlsPerFile} + 1 AS page, MAX(lastmod) AS lastmod
                FROM (SELECT lastmod, ROW_NUMBER() OVER (ORDER BY ord) AS rn FROM ({Source(kind)}) source) numbered
                GROUP BY (rn - 1) / {SitemapXml.UrlsPerFile} + 1
                """)))).ToList();
        var news = await NewsSitemap.NewestAsync(c, clock);
        var baseUrl = SiteUrl.Base(http, options);
        var entries = pages
            .OrderBy(p => KindOrder[p.Kind]).ThenBy(p => p.Page)
            .Select(p => new SitemapUrl(baseUrl + PagePath(p.Kind, (int)p.Page), p.LastModified))
            .Append(new SitemapUrl(baseUrl + NewsPath, news));
        return Results.Bytes(SitemapXml.Index(entries), "application/xml; charset=utf-8");
    }

    private static async Task<IResult> PageAsync(HttpContext http, Db db, HeraldOptions options, TimeProvider clock, string kind, int page)
    {
        if (page is < 1 or > 100_000)
        {
            return Results.NotFound();
        }
        await using var c = await db.OpenAsync(http.RequestAborted);
        var rows = (kind == "articles"
            ? await c.QueryAsync<(string? Parent, string Slug, long LastModified)>(ArticlePage,
                new { after = (long)(page - 1) * SitemapXml.UrlsPerFile, last = (long)page * SitemapXml.UrlsPerFile })
            : await c.QueryAsync<(string? Parent, string Slug, long LastModified)>(
                $"""
                SELECT parent, slug, lastmod FROM ({Source(kind)}) source
                ORDER BY ord LIMIT {SitemapXml.UrlsPerFile} OFFSET @offset
                """, new { offset = (page - 1) * SitemapXml.UrlsPerFile })).ToList();
        if (rows.Count == 0)
        {
            return Results.NotFound();
        }
        var lastModified = await ChangeTimes.LastAsync(c, CacheTag);
        PageCache.Apply(http, lastModified, CacheTag);
        if (Conditional.NotModifiedSince(http, lastModified, clock))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        var baseUrl = SiteUrl.Base(http, options);
        var urls = rows.Select(r => new SitemapUrl(baseUrl + PathOf(kind, r.Parent, r.Slug), r.LastModified)).ToList();
        return Results.Bytes(SitemapXml.UrlSet(urls), "application/xml; charset=utf-8");
    }
}
