using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Herald.Reading;

// Gives successful GET pages an ETag made from their bytes. It sits behind the output
// cache, so it runs once per render and the cache then answers If-None-Match with 304.
// Hashing the bytes (not a process-local counter) gives every node the same ETag. XXH128,
// not SHA-256: an ETag needs no cryptographic strength, and SHA-256 of a 15 KB article page
// cost about 3 % of an uncached render.
public sealed class ContentEtag(RequestDelegate next, Herald.Hosting.HeraldMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Only cacheable endpoints: others (streams such as the live comments) must not be buffered.
        var metadata = context.GetEndpoint()?.Metadata;
        var cacheable = metadata?.GetMetadata<OutputCacheAttribute>() is not null || metadata?.GetMetadata<IOutputCachePolicy>() is not null;
        if (!cacheable || (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)))
        {
            await next(context);
            return;
        }
        metrics.Render();
        var original = context.Response.Body;
        await using var buffer = new PooledBody();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK && !response.Headers.ContainsKey(HeaderNames.ETag) && buffer.Length > 0)
        {
            // Sent compressed or not by the reader's Accept-Encoding (Compression), so caches
            // between must keep the two apart, whichever this reader asked for.
            if (Compression.IsCompressible(response.ContentType))
            {
                response.Headers.Vary = Compression.VaryValue;
            }
            var etag = $"\"{Convert.ToHexStringLower(buffer.Hash())}\"";
            response.Headers.ETag = etag;
            // Compared weakly (RFC 9110, 13.1.2): a reader holding the compressed copy sends its weak tag.
            if (FrontCache.Matches(context.Request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        // An empty body is left alone so the status code pages can still fill in an error page.
        if (response.StatusCode != StatusCodes.Status304NotModified && buffer.Length > 0)
        {
            response.ContentLength = buffer.Length;
            // Not tied to this request's abort: the output cache hands the same response to every
            // request waiting for this page, and one reader leaving must not fail the others.
            try
            {
                await buffer.SendAsync(original, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
            {
                // The reader went away; nothing to send to.
            }
        }
    }
}
