namespace Herald.Feeds;

// If-Modified-Since for a response that is about to be rendered. A response already in
// the output cache has it answered there, and If-None-Match (which wins over it) is
// answered from the content ETag, so this only sees requests without one.
public static class Conditional
{
    public static bool NotModifiedSince(HttpContext context, long lastModifiedMs, TimeProvider clock)
    {
        var request = context.Request;
        if (lastModifiedMs <= 0 || request.Headers.IfNoneMatch.Count > 0 ||
            !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) ||
            request.GetTypedHeaders().IfModifiedSince is not { } since)
        {
            return false;
        }
        // A date in the future is no evidence of what the client holds.
        if (since > clock.GetUtcNow())
        {
            return false;
        }
        // HTTP dates have whole seconds.
        return lastModifiedMs / 1000 <= since.ToUnixTimeSeconds();
    }
}
