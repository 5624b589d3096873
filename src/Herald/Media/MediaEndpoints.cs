using System.Text.RegularExpressions;
using Herald.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Herald.Media;

public static partial class MediaEndpoints
{
    public const string UploadPath = "/desk/media";

    // Uploaded files, read-only, from <DataDir>/media. Names never change (a new upload gets a
    // new folder), so browsers and CDNs may keep them for good.
    public static void MapMedia(this WebApplication app)
    {
        var root = Path.GetFullPath(Path.Combine(app.Services.GetRequiredService<HeraldOptions>().DataDir, "media"));
        app.MapGet("/media/{folder}/{file}", (string folder, string file, HttpContext context) =>
        {
            if (!SafeName().IsMatch(folder) || !SafeName().IsMatch(file))
            {
                return Results.NotFound();
            }
            var path = Path.Combine(root, folder, file);
            if (!File.Exists(path))
            {
                return Results.NotFound();
            }
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.File(path, MediaTypes.ContentTypeOf(file), enableRangeProcessing: true);
        }).ExcludeFromDescription();

        // Uploads may be larger than Kestrel's default body limit, but never larger than
        // Herald:Media:MaxUploadBytes; a request that says it is larger is refused before it is read.
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments(UploadPath))
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value.MaxUploadBytes;
                if (context.Request.ContentLength > limit + 64 * 1024)
                {
                    await TooLargeAsync(context, limit);
                    return;
                }
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                {
                    size.MaxRequestBodySize = limit + 64 * 1024;
                }
                try
                {
                    await next();
                }
                catch (Exception e) when (!context.Response.HasStarted
                    && (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || (e is InvalidDataException && e.Message.Contains("limit", StringComparison.Ordinal))))
                {
                    // Kestrel's body limit or the multipart reader's (FormOptions) was reached while reading.
                    await TooLargeAsync(context, limit);
                }
                return;
            }
            await next();
        });
    }

    // Written here rather than by the status-code pages, which would re-run the POST and read the body again.
    private static Task TooLargeAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"The upload is larger than the {limit / (1024 * 1024.0):0.#} MB allowed. Go back and choose a smaller file.");
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{0,60}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
