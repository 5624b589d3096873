using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Herald.Articles;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Api;

// The public, read-only content API under /api/v1: published articles in the
// herald/article@1 shape plus id, url and rendered html; lists with cursor paging,
// limit and field selection; an IPTC ninjs rendering for wire partners.
public static class ContentApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static void MapContentApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Content");

        api.MapGet("/articles", async (HttpContext context, ContentQueries queries, HeraldOptions options,
                string? section, string? tag, string? author, string? since, string? until, int? limit, string? cursor, string? fields) =>
            {
                var take = limit ?? DefaultLimit;
                if (take is < 1 or > MaxLimit)
                {
                    return Problem("limit", $"limit must be between 1 and {MaxLimit}.");
                }
                Cursor? after = null;
                if (cursor is not null && (after = Cursor.Decode(cursor)) is null)
                {
                    return Problem("cursor", "cursor is not one this API handed out; start again without it.");
                }
                if (!TryTime(since, out var sinceMs) || !TryTime(until, out var untilMs))
                {
                    return Problem("since/until", "since and until must be date-times with an offset, such as 2026-03-02T09:15:00+01:00.");
                }
                foreach (var (name, value) in new[] { ("section", section), ("tag", tag), ("author", author) })
                {
                    if (value is not null && !Slugs.IsValid(value))
                    {
                        return Problem(name, $"{name} must be a slug such as \"city-council\".");
                    }
                }
                var (rows, next) = await queries.ListAsync(new ArticleFilter(section, tag, author, sinceMs, untilMs), take, after, context.RequestAborted);
                PageCache.Apply(context, rows.Count == 0 ? 0 : rows.Max(r => r.UpdatedAt),
                    section is null && tag is null && author is null ? "home" : section is not null ? $"section:{section}" : tag is not null ? $"tag:{tag}" : $"author:{author}");
                return ApiJson.List(rows, next is null ? null : NextLink(context, next), SiteUrl.Base(context, options), options, Fields(fields));
            })
            .CacheOutput(ApiCachePolicy)
            .WithSummary("Published articles, newest status stamp first, filtered and paged with a cursor");

        api.MapGet("/articles/{id:long}", async (HttpContext context, ContentQueries queries, HeraldOptions options, long id, string? fields) =>
                await queries.ByIdAsync(id, context.RequestAborted) is { } row ? Single(context, row, options, fields) : NotFound())
            .CacheOutput(ApiCachePolicy)
            .WithSummary("One published article by id");

        api.MapGet("/articles/slug/{slug}", async (HttpContext context, ContentQueries queries, HeraldOptions options, string slug, string? fields) =>
                Slugs.IsValid(slug) && await queries.BySlugAsync(slug, context.RequestAborted) is { } row ? Single(context, row, options, fields) : NotFound())
            .CacheOutput(ApiCachePolicy)
            .WithSummary("One published article by slug");

        api.MapGet("/articles/{id:long}/ninjs", async (HttpContext context, ContentQueries queries, HeraldOptions options, long id) =>
            {
                if (await queries.ByIdAsync(id, context.RequestAborted) is not { } row)
                {
                    return NotFound();
                }
                string ninjs;
                try
                {
                    ninjs = Ninjs.Render(row, SiteUrl.Base(context, options), options).ToJsonString();
                }
                catch (StoredDocumentException e)
                {
                    return Results.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status500InternalServerError,
                        Title = "The article's stored document cannot be read",
                        Type = "https://herald.invalid/problems/unreadable-article",
                        Detail = e.Message,
                    });
                }
                PageCache.Apply(context, row.UpdatedAt, $"article:{row.Id}");
                return Results.Content(ninjs, ApiJson.ContentType);
            })
            .CacheOutput(ApiCachePolicy)
            .WithSummary("One published article as IPTC ninjs 2.1");
    }

    public const string ApiCachePolicy = "api";

    private static IResult Single(HttpContext context, ApiArticleRow row, HeraldOptions options, string? fields)
    {
        PageCache.Apply(context, row.UpdatedAt, $"article:{row.Id}");
        return ApiJson.Article(row, SiteUrl.Base(context, options), options, Fields(fields));
    }

    private static HashSet<string>? Fields(string? fields) =>
        string.IsNullOrWhiteSpace(fields) ? null : fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    private static string NextLink(HttpContext context, string next)
    {
        var query = context.Request.Query.Where(q => q.Key != "cursor").ToDictionary(q => q.Key, q => q.Value.ToString());
        query["cursor"] = next;
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(context.Request.Path, query!);
    }

    private static bool TryTime(string? value, out long? ms)
    {
        ms = null;
        if (value is null)
        {
            return true;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && (value.EndsWith('Z') || value.Contains('+', StringComparison.Ordinal) || value.LastIndexOf('-') > 9))
        {
            ms = t.ToUnixTimeMilliseconds();
            return true;
        }
        return false;
    }

    private static IResult Problem(string parameter, string detail) =>
        Results.Problem(statusCode: 400, title: $"Invalid {parameter}", detail: detail);

    private static IResult NotFound() =>
        Results.Problem(statusCode: 404, title: "Not found", detail: "No published article has that id or slug.");
}
