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

    // Each kind as rows of (ord, parent, slug, lastmod): ord gives a stable paging order,
    // so a new article lands on the last page and leaves the others as they were.
    private static string Source(string kind) => kind switch
    {
        "articles" =>
            """
            SELECT a.id AS ord, s.slug AS parent, a.slug AS slug, a.updated_at AS lastmod
            FROM articles a JOIN sections s ON s.id = a.section_id WHERE a.state = 'published'
            """,
        "sections" =>
            """
            SELECT s.slug AS ord, NULL AS parent, s.slug AS slug, MAX(a.updated_at) AS lastmod
            FROM sections s JOIN articles a ON a.section_id = s.id WHERE a.state = 'published' GROUP BY s.slug
            """,
        "tags" =>
            """
            SELECT t.slug AS ord, NULL AS parent, t.slug AS slug, MAX(a.updated_at) AS lastmod
            FROM tags t JOIN article_tags at ON at.tag_id = t.id JOIN articles a ON a.id = at.article_id
            WHERE a.state = 'published' GROUP BY t.slug
            """,
        _ =>
            """
            SELECT p.slug AS ord, NULL AS parent, p.slug AS slug, MAX(a.updated_at) AS lastmod
            FROM people p JOIN article_authors aa ON aa.person_id = p.id JOIN articles a ON a.id = aa.article_id
            WHERE a.state = 'published' GROUP BY p.slug
            """,
    };

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
        // One query: the pages of every kind with the newest lastmod on each.
        var pages = (await c.QueryAsync<(string Kind, long Page, long LastModified)>(
            string.Join("\nUNION ALL\n", Kinds.Select(kind =>
                $"""
                SELECT '{kind}' AS kind, (rn - 1) / {SitemapXml.UrlsPerFile} + 1 AS page, MAX(lastmod) AS lastmod
                FROM (SELECT lastmod, ROW_NUMBER() OVER (ORDER BY ord) AS rn FROM ({Source(kind)}) source) numbered
                GROUP BY (rn - 1) / {SitemapXml.UrlsPerFile} + 1
                """)))).ToList();
        var news = await NewsSitemap.NewestAsync(c, clock);
        var lastModified = await ChangeTimes.LastAsync(c, CacheTag);
        PageCache.Apply(http, lastModified, CacheTag);
        if (Conditional.NotModifiedSince(http, lastModified, clock))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
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
        var rows = (await c.QueryAsync<(string? Parent, string Slug, long LastModified)>(
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
