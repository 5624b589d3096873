using Microsoft.AspNetCore.Diagnostics;

namespace Herald.Reading;

// Like UseStatusCodePagesWithReExecute, but the error page is always rendered as a GET
// without the original body: a refused POST (a broken form, say) must not have its form
// read again by the error page.
public static class ErrorPages
{
    public static async Task ReExecuteAsync(HttpContext context, RequestDelegate next)
    {
        await next(context);
        var response = context.Response;
        if (response.HasStarted || response.StatusCode < 400 || response.StatusCode > 599 ||
            response.ContentLength.HasValue || !string.IsNullOrEmpty(response.ContentType))
        {
            return;
        }
        var request = context.Request;
        var (path, query, method, contentType) = (request.Path, request.QueryString, request.Method, request.ContentType);
        var endpoint = context.GetEndpoint();
        context.Features.Set<IStatusCodeReExecuteFeature>(new StatusCodeReExecuteFeature
        {
            OriginalPath = path.Value ?? "",
            OriginalPathBase = request.PathBase.Value ?? "",
            OriginalQueryString = query.HasValue ? query.Value : null,
            Endpoint = endpoint,
        });
        request.Path = $"/errors/{response.StatusCode}";
        request.QueryString = QueryString.Empty;
        request.Method = HttpMethods.Get;
        request.ContentType = null;
        request.Body = Stream.Null;
        request.ContentLength = 0;
        context.SetEndpoint(null);
        request.RouteValues.Clear();
        try
        {
            await next(context);
        }
        finally
        {
            (request.Path, request.QueryString, request.Method, request.ContentType) = (path, query, method, contentType);
            context.Features.Set<IStatusCodeReExecuteFeature>(null);
        }
    }
}
