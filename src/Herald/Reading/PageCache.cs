using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Herald.Reading;

// Public pages: cached in this process until a change evicts their tags, and
// cacheable by a CDN for a short time (which the Surrogate-Key header lets it purge).
public static class PageCache
{
    public const string Policy = "public-page";
    public const string SearchPolicy = "search-page";

    // How long a CDN may keep a public page without asking again, and how much longer it may
    // serve that copy while it asks.
    private const int CdnSeconds = 60;
    private const int StaleSeconds = 30;
    private static readonly string CdnCacheControl = $"public, max-age=0, s-maxage={CdnSeconds}, stale-while-revalidate={StaleSeconds}";

    public static void Apply(HttpContext context, long lastModifiedMs, params IEnumerable<string> tags)
    {
        var tagList = tags.ToList();
        if (context.Features.Get<IOutputCacheFeature>() is { } feature)
        {
            foreach (var tag in tagList)
            {
                feature.Context.Tags.Add(tag);
            }
        }
        var headers = context.Response.Headers;
        headers.CacheControl = CdnCacheControl;
        headers["Surrogate-Key"] = string.Join(' ', tagList);
        if (lastModifiedMs > 0)
        {
            headers.LastModified = DateTimeOffset.FromUnixTimeMilliseconds(lastModifiedMs).ToString("R");
        }
    }

    // A page that changes by itself at a known time (a discussion that closes then) is kept
    // no longer than that: by the output cache, by the front cache (which reads Expires) and
    // by a CDN (s-maxage).
    public static void Until(HttpContext context, DateTimeOffset until, DateTimeOffset now)
    {
        var left = until - now;
        if (left <= TimeSpan.Zero || left >= PublicPagePolicy.Lifetime)
        {
            return;
        }
        if (context.Features.Get<IOutputCacheFeature>() is { } feature)
        {
            feature.Context.ResponseExpirationTimeSpan = left;
        }
        var headers = context.Response.Headers;
        headers.Expires = until.ToString("R");
        var seconds = (int)left.TotalSeconds;
        // A CDN must not serve the page past the time, stale or not.
        if (seconds < CdnSeconds + StaleSeconds)
        {
            headers.CacheControl = $"public, max-age=0, s-maxage={Math.Min(seconds, CdnSeconds)}";
        }
    }
}

// Query keys that change the page are named; any other query string (tracking
// parameters and the like) shares the cached page.
public sealed class PublicPagePolicy(params string[] queryKeys) : IOutputCachePolicy
{
    // How long a cached copy may be served when no change evicts it first.
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && IsShared(request);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.QueryKeys = queryKeys;
        return ValueTask.CompletedTask;
    }

    // Signed-in people see pages made for them (their own pending comments, their name):
    // those are never cached. Everyone else (no credentials, no sign-in cookie) shares one
    // copy, in the output cache and in the front cache alike.
    public static bool IsShared(HttpRequest request) =>
        !request.Headers.ContainsKey(HeaderNames.Authorization) &&
        (request.Headers.Cookie.Count == 0 || !request.Cookies.ContainsKey(Herald.Accounts.AccountsSetup.CookieName));

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
