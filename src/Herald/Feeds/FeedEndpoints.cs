using Herald.Articles;
using Herald.Data;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Feeds;

// RSS, Atom and JSON Feed for the home page and every section, tag and author page.
// A feed is cached like the page it follows and evicted by the same tags, plus the
// tag of each article in it, so a change to any entry's body reaches the feed too.
public static class FeedEndpoints
{
    public static void MapFeedRoutes(this IEndpointRouteBuilder endpoints)
    {
        foreach (var format in FeedPaths.Formats)
        {
            endpoints.MapMethods(FeedPaths.Home(format), ["GET", "HEAD"],
                    (HttpContext http, Db db, HeraldOptions options, TimeProvider clock) => ServeAsync(http, db, options, clock, format, null, null))
                .CacheOutput(PageCache.Policy);
            foreach (var kind in FeedPaths.Kinds)
            {
                endpoints.MapMethods(FeedPaths.Of(kind, "{slug}", format), ["GET", "HEAD"],
                        (HttpContext http, Db db, HeraldOptions options, TimeProvider clock, string slug) => ServeAsync(http, db, options, clock, format, kind, slug))
                    .CacheOutput(PageCache.Policy);
            }
        }
    }

    private static async Task<IResult> ServeAsync(HttpContext http, Db db, HeraldOptions options, TimeProvider clock, FeedFormat format, string? kind, string? slug)
    {
        if (slug is not null && !Slugs.IsValid(slug))
        {
            return Results.NotFound();
        }
        await using var c = await db.OpenAsync(http.RequestAborted);
        string title, description, homePath, cacheTag;
        if (kind is null || slug is null)
        {
            (title, description, homePath, cacheTag) = (options.SiteName, $"The latest news from {options.SiteName}", "/", "home");
        }
        else if (await FeedQueries.ScopeAsync(c, kind, slug) is { } scope)
        {
            var (label, path) = kind switch
            {
                FeedPaths.Section => ("Section", ArticlePaths.Section(scope.Slug)),
                FeedPaths.Tag => ("Tag", ArticlePaths.Tag(scope.Slug)),
                _ => ("Author", ArticlePaths.Author(scope.Slug)),
            };
            // The same title and description as the page the feed follows.
            (title, description, homePath, cacheTag) = ($"{scope.Name} | {options.SiteName}", $"The latest stories: {label} {scope.Name}", path, $"{kind}:{scope.Slug}");
        }
        else
        {
            return Results.NotFound();
        }

        var rows = await FeedQueries.EntriesAsync(c, kind, slug);
        var lastChange = await ChangeTimes.LastAsync(c, cacheTag);
        var lastModified = rows.Select(r => r.ModifiedAt).Append(lastChange).Max();
        PageCache.Apply(http, lastModified, rows.Select(r => $"article:{r.Id}").Prepend(cacheTag));
        var baseUrl = SiteUrl.Base(http, options);
        var self = kind is null || slug is null
            ? new FeedUrls(baseUrl + FeedPaths.Home(FeedFormat.Rss), baseUrl + FeedPaths.Home(FeedFormat.Atom), baseUrl + FeedPaths.Home(FeedFormat.Json))
            : new FeedUrls(baseUrl + FeedPaths.Of(kind, slug, FeedFormat.Rss), baseUrl + FeedPaths.Of(kind, slug, FeedFormat.Atom), baseUrl + FeedPaths.Of(kind, slug, FeedFormat.Json));
        var hub = options.WebSubHub is { Length: > 0 } h ? h : null;
        if (hub is not null)
        {
            // WebSub discovery (W3C WebSub 4): subscribers may read the hub and topic from headers.
            http.Response.Headers.Link = $"<{hub}>; rel=\"hub\", <{SelfUrl(self, format)}>; rel=\"self\"";
        }
        if (Conditional.NotModifiedSince(http, lastModified, clock))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var full = !string.Equals(options.FeedContent, "summary", StringComparison.OrdinalIgnoreCase);
        var entries = rows.Select(r => FeedBuilder.Entry(r, baseUrl, full)).ToList();
        var languages = entries.Select(e => e.Language).Distinct(StringComparer.Ordinal).ToList();
        var feed = new Feed(
            Title: title,
            Description: description,
            HomeUrl: baseUrl + homePath,
            Self: self,
            Language: languages.Count == 1 ? languages[0] : null,
            // The newest entry; an empty feed falls back to its last change, which keeps its bytes stable.
            Updated: entries.Count > 0 ? entries.Max(e => e.Updated) : lastModified,
            Hub: hub,
            Publisher: new FeedPerson(options.SiteName, baseUrl + "/"),
            IconUrl: baseUrl + Assets.LogoPath,
            Entries: entries);
        var bytes = format switch
        {
            FeedFormat.Rss => RssFeed.Write(feed),
            FeedFormat.Atom => AtomFeed.Write(feed),
            _ => JsonFeed.Write(feed),
        };
        return Results.Bytes(bytes, FeedPaths.ContentType(format));
    }

    private static string SelfUrl(FeedUrls self, FeedFormat format) => format switch
    {
        FeedFormat.Rss => self.Rss,
        FeedFormat.Atom => self.Atom,
        _ => self.Json,
    };
}
