using System.Globalization;
using Herald.Hosting;

namespace Herald.Api;

// The deprecation policy of docs/api.md: once a version's sunset date is set, every
// response of that version says so (Deprecation, RFC 9745; Sunset, RFC 8594) and
// links to the policy, months before the version goes away.
public sealed class ApiVersionHeaders(RequestDelegate next, HeraldOptions options)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (options.ApiV1Sunset is { } sunset && context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers["Deprecation"] = "@" + (options.ApiV1Deprecated ?? sunset.AddMonths(-6)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                headers["Sunset"] = sunset.ToString("R", CultureInfo.InvariantCulture);
                headers.Append("Link", "</api/v2/openapi.json>; rel=\"successor-version\"");
                return Task.CompletedTask;
            });
        }
        return next(context);
    }
}
