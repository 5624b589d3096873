using System.Globalization;
using System.Text;
using Herald.Articles;
using Herald.Hosting;

namespace Herald.Reading;

// oEmbed provider (https://oembed.com) for article URLs: other sites paste a link
// to a story and get a small card to embed. Only JSON; XML answers 501 as the spec asks.
public static class OEmbedEndpoint
{
    public static void MapOEmbed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/oembed", async (HttpContext context, ReadingQueries queries, HeraldOptions options, string? url, string? format, int? maxwidth) =>
        {
            if (format is not (null or "json"))
            {
                return Results.Problem(statusCode: 501, title: "Format not implemented", detail: "Only format=json is offered.");
            }
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                return Results.Problem(statusCode: 400, title: "Missing url", detail: "Pass the address of an article as ?url=.");
            }
            var segments = uri.AbsolutePath.Trim('/').Split('/');
            if (segments.Length != 2 || !Slugs.IsValid(segments[1]) || await queries.ArticleAsync(segments[1]) is not { State: ArticleStates.Published } article)
            {
                return Results.Problem(statusCode: 404, title: "Not an article", detail: "The url does not name a published article on this site.");
            }
            var doc = await queries.DocumentOfAsync(article);
            var baseUrl = SiteUrl.Base(context, options);
            var canonical = baseUrl + ArticlePaths.Article(article.SectionSlug, article.Slug);
            var width = Math.Clamp(maxwidth ?? 600, 200, 1200);
            var html = new StringBuilder();
            html.Append("<blockquote class=\"herald-embed\" cite=\"");
            Html.Encode(html, canonical);
            html.Append("\"><p><a href=\"");
            Html.Encode(html, canonical);
            html.Append("\">");
            Html.Encode(html, doc.Topline is null ? doc.Title : $"{doc.Topline}: {doc.Title}");
            html.Append("</a></p><p>");
            Html.Encode(html, doc.Lead);
            html.Append("</p><footer>");
            Html.Encode(html, options.SiteName);
            html.Append("</footer></blockquote>");
            var image = ArticleMetadata.PrimaryImage(doc);
            var response = new Dictionary<string, object?>
            {
                ["version"] = "1.0",
                ["type"] = "rich",
                ["title"] = doc.Title,
                ["author_name"] = doc.Authors.Count == 0 ? null : string.Join(", ", doc.Authors.Select(a => a.Name)),
                ["author_url"] = doc.Authors.Count == 0 ? null : baseUrl + ArticlePaths.AuthorOf(doc.Authors[0].Name),
                ["provider_name"] = options.SiteName,
                ["provider_url"] = baseUrl + "/",
                ["cache_age"] = 3600,
                ["html"] = html.ToString(),
                ["width"] = width,
                ["height"] = null,
                ["thumbnail_url"] = image is null ? null : ArticleMetadata.Absolute(image.Src, baseUrl),
            };
            if (image is { Width: { } w, Height: { } h })
            {
                response["thumbnail_width"] = w;
                response["thumbnail_height"] = h;
            }
            context.Response.Headers.CacheControl = "public, max-age=300";
            context.Response.Headers.LastModified = DateTimeOffset.FromUnixTimeMilliseconds(article.UpdatedAt).ToString("R", CultureInfo.InvariantCulture);
            return Results.Json(response.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value));
        });
}
