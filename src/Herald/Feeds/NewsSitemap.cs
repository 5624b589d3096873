using System.Data.Common;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Feeds;

// The Google News sitemap: articles first published in the last two days, at most
// 1,000, as Google News asks. Its content changes as time passes, not only when an
// article does, so its Last-Modified also counts the moment the last article aged out.
public static class NewsSitemap
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(48);
    private const int Limit = 1000;

    private sealed class Row
    {
        public string Slug { get; init; } = "";
        public string SectionSlug { get; init; } = "";
        public string Language { get; init; } = "";
        public string Title { get; init; } = "";
        public long FirstPublishedAt { get; init; }
        public long UpdatedAt { get; init; }
    }

    public static async Task<IResult> ServeAsync(HttpContext http, Db db, HeraldOptions options, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var since = now - (long)Window.TotalMilliseconds;
        await using var c = await db.OpenAsync(http.RequestAborted);
        var rows = (await c.QueryAsync<Row>(
            $"""
            SELECT a.slug, s.slug AS section_slug, a.language, a.title, a.first_published_at, a.updated_at
            FROM articles a JOIN sections s ON s.id = a.section_id
            WHERE a.state = 'published' AND a.first_published_at >= @since AND a.first_published_at <= @now
            ORDER BY a.first_published_at DESC, a.id DESC
            LIMIT {Limit}
            """, new { since, now })).ToList();
        var agedOut = await c.ExecuteScalarAsync<long?>(
            "SELECT MAX(first_published_at) FROM articles WHERE state = 'published' AND first_published_at < @since", new { since });
        var lastModified = Math.Max(await ChangeTimes.LastAsync(c, Sitemaps.CacheTag), agedOut is { } t ? t + (long)Window.TotalMilliseconds : 0);
        PageCache.Apply(http, lastModified, Sitemaps.CacheTag);
        if (Conditional.NotModifiedSince(http, lastModified, clock))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        var baseUrl = SiteUrl.Base(http, options);
        var urls = rows.Select(r => new SitemapUrl(
            baseUrl + ArticlePaths.Article(r.SectionSlug, r.Slug),
            r.UpdatedAt,
            new NewsEntry(options.SiteName, SitemapXml.NewsLanguage(r.Language), r.FirstPublishedAt, r.Title))).ToList();
        return Results.Bytes(SitemapXml.UrlSet(urls), "application/xml; charset=utf-8");
    }

    // The lastmod of the news sitemap in the index: its newest entry.
    public static async Task<long> NewestAsync(DbConnection c, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await c.ExecuteScalarAsync<long?>(
            """
            SELECT MAX(updated_at) FROM articles
            WHERE state = 'published' AND first_published_at >= @since AND first_published_at <= @now
            """, new { since = now - (long)Window.TotalMilliseconds, now }) ?? 0;
    }
}
