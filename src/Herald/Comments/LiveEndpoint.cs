using System.Text.Json;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Comments;

// GET /comments/{articleId}/live: server-sent events with every comment approved while the
// reader has the page open ("comment" events carry the rendered comment and the new count).
public static class LiveEndpoint
{
    public static void MapCommentsLive(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/comments/{articleId:long}/live", async (HttpContext context, long articleId, CommentEvents events, CommentQueries comments,
            ReadingQueries reading, HeraldOptions options) =>
        {
            if (await reading.ArticleByIdAsync(articleId) is not { } article)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            var (reader, subscription) = events.Subscribe(articleId);
            using (subscription)
            {
                context.Response.Headers.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Headers["X-Accel-Buffering"] = "no";
                await context.Response.WriteAsync("retry: 5000\n: connected\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                try
                {
                    await foreach (var live in reader.ReadAllAsync(context.RequestAborted))
                    {
                        if (await comments.OneAsync(live.CommentId, null, context.RequestAborted) is not { State: "approved" } comment)
                        {
                            continue;
                        }
                        var data = JsonSerializer.Serialize(new
                        {
                            id = comment.Id,
                            parentId = comment.ParentId,
                            author = comment.AuthorName,
                            count = await comments.CountAsync(articleId, context.RequestAborted),
                            html = CommentHtml.Item(comment, articleId, article.Language, options.Zone, null),
                        });
                        await context.Response.WriteAsync($"event: comment\nid: {comment.Id}\ndata: {data}\n\n", context.RequestAborted);
                        await context.Response.Body.FlushAsync(context.RequestAborted);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The reader left.
                }
            }
        });
}
