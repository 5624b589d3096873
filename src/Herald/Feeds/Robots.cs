using Herald.Hosting;
using Herald.Reading;

namespace Herald.Feeds;

// robots.txt (RFC 9309): everything public may be crawled; the newsroom's desk and the
// API are not pages for a search index. The sitemaps are named with absolute URLs.
public static class Robots
{
    // "$" ends a path (RFC 9309 2.2.3), so "/desk$" does not also shut out a section such as "/desktop-news".
    private static readonly string[] Disallowed = ["/desk$", "/desk/", "/api/", "/errors/"];

    public static void MapRobotsRoute(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/robots.txt", ["GET", "HEAD"], (HttpContext http, HeraldOptions options) =>
        {
            var baseUrl = SiteUrl.Base(http, options);
            var lines = new List<string> { "User-agent: *", "Allow: /" };
            lines.AddRange(Disallowed.Select(path => $"Disallow: {path}"));
            lines.Add("");
            lines.Add($"Sitemap: {baseUrl}{Sitemaps.IndexPath}");
            lines.Add($"Sitemap: {baseUrl}{Sitemaps.NewsPath}");
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(string.Join('\n', lines) + "\n", "text/plain; charset=utf-8");
        });
}
