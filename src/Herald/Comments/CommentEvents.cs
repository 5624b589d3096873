using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;

namespace Herald.Comments;

public sealed record LiveComment(long ArticleId, long CommentId);

// Newly approved comments, fanned out to the readers connected to this node's live
// stream (server-sent events). Nothing depends on a message arriving: the page itself
// always shows every approved comment.
public sealed class CommentEvents
{
    private readonly ConcurrentDictionary<Channel<LiveComment>, long> subscribers = new();

    public (ChannelReader<LiveComment> Reader, IDisposable Subscription) Subscribe(long articleId)
    {
        var channel = Channel.CreateBounded<LiveComment>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        subscribers[channel] = articleId;
        return (channel.Reader, new Unsubscribe(() => subscribers.TryRemove(channel, out _)));
    }

    public ValueTask ApprovedAsync(long articleId, long commentId, CancellationToken ct = default)
    {
        foreach (var (channel, subscribedTo) in subscribers)
        {
            if (subscribedTo == articleId)
            {
                channel.Writer.TryWrite(new LiveComment(articleId, commentId));
            }
        }
        return ValueTask.CompletedTask;
    }

    public static string Payload(long commentId, long articleId) =>
        JsonSerializer.Serialize(new { @event = "comment.approved", comment = new { id = commentId, articleId } });

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
