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

    // Ids already sent: an approval can reach this node twice (at once from this process,
    // and again from the change-log poll that carries other nodes' approvals).
    private readonly ConcurrentDictionary<long, byte> sent = new();
    private readonly ConcurrentQueue<long> sentOrder = new();

    public ValueTask ApprovedAsync(long articleId, long commentId, CancellationToken ct = default)
    {
        if (!sent.TryAdd(commentId, 0))
        {
            return ValueTask.CompletedTask;
        }
        sentOrder.Enqueue(commentId);
        while (sentOrder.Count > 10_000 && sentOrder.TryDequeue(out var old))
        {
            sent.TryRemove(old, out _);
        }
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
