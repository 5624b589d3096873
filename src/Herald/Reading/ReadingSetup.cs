using System.Text.Encodings.Web;
using System.Text.Unicode;
using Herald.Data;
using Herald.Hosting;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Reading;

public static class ReadingSetup
{
    public static IServiceCollection AddReading(this IServiceCollection services)
    {
        services.AddRazorPages(o => o.RootDirectory = "/");
        // Pages are UTF-8: leave letters such as "ü" as they are instead of "&#xFC;".
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Herald content API";
            document.Info.Description = "Published articles in the herald/article@1 format. See docs/api.md for paging, field selection and the deprecation policy.";
            return Task.CompletedTask;
        }));
        services.AddCompression();
        services.AddSingleton<FrontCache>();
        services.AddOutputCache(o =>
        {
            o.AddPolicy(PageCache.Policy, new PublicPagePolicy("page", "comments", "cpage"));
            o.AddPolicy(Herald.Api.ContentApi.ApiCachePolicy, new PublicPagePolicy("section", "tag", "author", "since", "until", "limit", "cursor", "fields"));
            o.AddPolicy(PageCache.SearchPolicy, new PublicPagePolicy("q", "section", "tag", "author", "from", "to", "page"));
            o.SizeLimit = 256L * 1024 * 1024;
        });
        return services;
    }

    // The in-memory store evicts synchronously; a shared store later completes in the background.
    // The front cache is emptied of the tags again once the store is done, so a copy the
    // shared store still handed out meanwhile is not kept.
    private static async void EvictAsync(IOutputCacheStore store, FrontCache front, IReadOnlyCollection<string> tags)
    {
        front.Evict(tags);
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, CancellationToken.None);
        }
        front.Evict(tags);
    }

    // Connection failures, and the server refusing work while it shuts down, starts up or
    // is overloaded (SQLSTATE classes 08, 53 and 57), mean "try again"; anything else is a bug.
    private static bool IsDatabaseUnavailable(Exception e) => e switch
    {
        Npgsql.PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("53", StringComparison.Ordinal) || p.SqlState.StartsWith("57", StringComparison.Ordinal),
        Npgsql.NpgsqlException => true,
        // Npgsql reports a connection that broke under a running command this way too.
        InvalidOperationException { Source: "Npgsql" } or IOException or EndOfStreamException => true,
        System.Data.Common.DbException { IsTransient: true } or System.Net.Sockets.SocketException or TimeoutException => true,
        _ => e.InnerException is { } inner && IsDatabaseUnavailable(inner),
    };

    // The forwarded-headers settings, or null without Herald:KnownProxies (the front lane
    // decides the scheme from the same ones: FrontLane.Trusts).
    public static ForwardedHeadersOptions? Forwarded(IConfiguration configuration)
    {
        var proxies = configuration.GetSection("Herald:KnownProxies").Get<string[]>() ?? [];
        if (proxies.Length == 0)
        {
            return null;
        }
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        forwarded.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        }
        return forwarded;
    }

    public static WebApplication UseReading(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        var reading = app.Services.GetRequiredService<ReadingQueries>();
        var front = app.Services.GetRequiredService<FrontCache>();
        var channel = app.Services.GetService<ChangeChannel>();
        app.Services.GetRequiredService<ChangeLog>().Changed += tags =>
        {
            reading.ForgetSections(tags);
            EvictAsync(store, front, tags);
            channel?.Announce(tags);
        };
        channel?.Listen(tags =>
        {
            reading.ForgetSections(tags);
            front.Evict(tags);
        });

        // Behind a load balancer or CDN the reader's address is in X-Forwarded-For; it is
        // trusted only from the proxies listed in Herald:KnownProxies (rate limits use it).
        if (Forwarded(app.Configuration) is { } forwarded)
        {
            app.UseForwardedHeaders(forwarded);
        }
        // Around the front cache, which sends its pages already compressed (Compression).
        app.UseCompression();
        var cacheOn = app.Services.GetRequiredService<HeraldOptions>().OutputCache;
        if (cacheOn)
        {
            app.Use(front.InvokeAsync);
        }
        if (InlineIo.Enabled(app.Configuration))
        {
            // Whatever the front cache did not answer leaves the socket thread (Hosting/InlineIo).
            app.Use(InlineIo.LeaveIoThread);
        }
        // The database being away (restarting, failing over) is a 503 with Retry-After: the
        // request failed fast, nothing was half-written, and a retry soon will work.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/errors/500",
            StatusCodeSelector = e => IsDatabaseUnavailable(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
        });
        app.Use(ErrorPages.ReExecuteAsync);
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; style-src 'self'; script-src 'self'; " +
                "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            await next();
        });
        app.UseMiddleware<Herald.Api.ApiVersionHeaders>();
        Herald.Accounts.SetupGate.Use(app);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        var metrics = app.Services.GetRequiredService<HeraldMetrics>();
        app.Use((context, next) =>
        {
            var metadata = context.GetEndpoint()?.Metadata;
            if (HttpMethods.IsGet(context.Request.Method) &&
                (metadata?.GetMetadata<OutputCacheAttribute>() is not null || metadata?.GetMetadata<IOutputCachePolicy>() is not null))
            {
                metrics.CacheableRequest();
            }
            return next(context);
        });
        if (cacheOn)
        {
            app.UseOutputCache();
        }
        app.UseMiddleware<ContentEtag>();
        app.MapAssets();
        app.MapHealth();
        app.MapMetrics();
        Herald.Feeds.FeedSetup.MapFeeds(app);
        Herald.Search.SearchEndpoints.MapSearchApi(app);
        app.MapOEmbed();
        Herald.Comments.LiveEndpoint.MapCommentsLive(app);
        Herald.Comments.CommentFeed.MapCommentFeed(app);
        Herald.Api.ContentApi.MapContentApi(app);
        app.MapOpenApi("/api/{documentName}/openapi.json");
        app.MapArticles();
        app.MapRazorPages();
        return app;
    }
}
