using Herald.Hosting;
using Herald.Reading;

namespace Herald.Search;

public static class SearchEndpoints
{
    // GET /api/v1/search?q=...&section=&tag=&author=&from=&to=&page=
    public static void MapSearchApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/search", async (HttpContext context, SearchQueries search, HeraldOptions options,
            string? q, string? section, string? tag, string? author, string? from, string? to, int? page) =>
        {
            var number = page ?? 1;
            if (number is < 1 or > 1000)
            {
                return Results.Problem(statusCode: 400, title: "Invalid page", detail: "page must be between 1 and 1000.");
            }
            var results = await search.SearchAsync(new SearchRequest(q, section, tag, author, from, to, number, options.PageSize), context.RequestAborted);
            if (results.Problem is not null)
            {
                return Results.Problem(statusCode: 400, title: "Invalid search", detail: results.Problem);
            }
            var baseUrl = SiteUrl.Base(context, options);
            PageCache.Apply(context, 0, "search");
            return Results.Json(new
            {
                query = q,
                page = number,
                hasNext = results.HasNext,
                results = results.Hits.Select(h => new
                {
                    id = h.Article.Id,
                    slug = h.Article.Slug,
                    url = baseUrl + h.Article.Path,
                    language = h.Article.Language,
                    section = h.Article.SectionSlug,
                    topline = h.Article.Topline,
                    title = h.Article.Title,
                    lead = h.Article.Lead,
                    published = Times.Iso(h.Article.FirstPublishedAt),
                    updated = Times.Iso(h.Article.UpdatedAt),
                    snippet = h.Snippet,
                }),
            });
        }).CacheOutput(PageCache.SearchPolicy);
    }
}
