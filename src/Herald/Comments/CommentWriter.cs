using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Dapper;
using Herald.Data;
using Herald.Webhooks;

namespace Herald.Comments;

public sealed record PendingComment(long ArticleId, long? ParentId, long UserId, string Text, string State, string? Reason, bool NotifyReplies, string Nonce, string Address, long Now)
{
    // Made before the comment reaches the writer, whose one transaction serves every form.
    public string Html { get; } = CommentText.ToHtml(Text);
}

// Group commit. Comments submitted at the same moment are written in one transaction, so
// one durable commit (one fsync with SQLite's synchronous=FULL) acknowledges all of them;
// no request is answered before the transaction holding its comment has committed. Each
// comment has its own savepoint, so one that fails does not take the others with it.
public sealed class CommentWriter : IAsyncDisposable
{
    private const int MaxBatch = 256;

    private readonly Db db;
    private readonly ChangeLog changes;
    private readonly ILogger<CommentWriter> logger;
    private readonly Channel<(PendingComment Comment, TaskCompletionSource<long?> Done)> queue =
        Channel.CreateUnbounded<(PendingComment, TaskCompletionSource<long?>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public CommentWriter(Db db, ChangeLog changes, ILogger<CommentWriter> logger)
    {
        this.db = db;
        this.changes = changes;
        this.logger = logger;
        loop = Task.Run(RunAsync);
    }

    // The new comment's id, or null when the same form was already stored (a retried submission).
    public Task<long?> WriteAsync(PendingComment comment)
    {
        var done = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!queue.Writer.TryWrite((comment, done)))
        {
            done.SetException(new ObjectDisposedException(nameof(CommentWriter)));
        }
        return done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<(PendingComment Comment, TaskCompletionSource<long?> Done)>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                logger.LogError(e, "Writing {Count} comments failed", batch.Count);
                foreach (var (_, done) in batch)
                {
                    done.TrySetException(e);
                }
            }
        }
    }

    private const string InsertSql =
        """
        INSERT INTO comments (article_id, parent_id, user_id, body, body_html, html_version, state, reason, notify_replies, form_token, address_hash, created_at, moderated_at)
        VALUES (@ArticleId, @ParentId, @UserId, @Text, @Html, @HtmlVersion, @State, @Reason, @notify, @Nonce, @Address, @Now, @moderated)
        ON CONFLICT (user_id, form_token) DO NOTHING
        RETURNING id
        """;

    private async Task WriteBatchAsync(List<(PendingComment Comment, TaskCompletionSource<long?> Done)> batch)
    {
        var results = new (long? Id, Exception? Error)[batch.Count];
        var tags = new HashSet<string>(StringComparer.Ordinal);
        await using var c = await db.OpenAsync();
        await using var tx = await c.BeginTransactionAsync();
        // The statements every comment runs are prepared once per batch (PreparedSql).
        using var sql = new PreparedSql(c, tx);
        // Looked up once for the batch, inside its transaction: with no endpoint taking the event
        // there is nothing to queue for any of its comments.
        bool? webhooks = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i].Comment;
            await sql.ExecuteAsync("SAVEPOINT one_comment");
            try
            {
                long? id = await sql.ScalarAsync(InsertSql, ("ArticleId", p.ArticleId), ("ParentId", p.ParentId), ("UserId", p.UserId), ("Text", p.Text),
                    ("Html", p.Html), ("HtmlVersion", CommentText.Version), ("State", p.State), ("Reason", p.Reason), ("notify", p.NotifyReplies ? 1 : 0), ("Nonce", p.Nonce), ("Address", p.Address),
                    ("Now", p.Now), ("moderated", p.State == "approved" ? p.Now : null)) is { } value and not DBNull
                    ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
                if (id is { } newId)
                {
                    if (p.Reason is not null)
                    {
                        await CommentPosting.Log(c, tx, newId, p.UserId, "held", p.Reason, p.Now);
                    }
                    if (p.State == "approved")
                    {
                        tags.Add($"comments:{p.ArticleId}");
                        webhooks ??= await WebhookStore.AnySubscribedAsync(c, tx, WebhookEvents.CommentApproved);
                        if (webhooks.Value)
                        {
                            await WebhookStore.QueueAsync(c, tx, WebhookEvents.CommentApproved, $"{WebhookEvents.CommentApproved}:{newId}", CommentEvents.Payload(newId, p.ArticleId), p.Now);
                        }
                    }
                }
                await sql.ExecuteAsync("RELEASE SAVEPOINT one_comment");
                results[i] = (id, null);
            }
            catch (DbException e)
            {
                await c.ExecuteAsync("ROLLBACK TO SAVEPOINT one_comment", transaction: tx);
                await sql.ExecuteAsync("RELEASE SAVEPOINT one_comment");
                results[i] = (null, e);
            }
        }
        if (tags.Count > 0)
        {
            await changes.RecordAsync(c, tx, tags);
        }
        await tx.CommitAsync();
        if (tags.Count > 0)
        {
            changes.Notify(tags);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Error is { } error)
            {
                batch[i].Done.TrySetException(error);
            }
            else
            {
                batch[i].Done.TrySetResult(results[i].Id);
            }
        }
    }

    // Read at every start: an index (comments_by_html_version) finds the few outdated ones.
    internal const string OutdatedSql = "SELECT id, body FROM comments WHERE html_version < @version LIMIT @batch";

    // Comments without stored HTML of the current formatting (CommentText.Version), given it a
    // batch at a time: those written before the migration that added it, or after an upgrade
    // that changed how comments are shown. Returns how many were done. No page changes (a
    // comment without current HTML is formatted as it is shown), so nothing is evicted. Only
    // older versions are redone: during a rolling upgrade a node of the previous release must
    // not undo the new one's work.
    public async Task<int> RenderOutdatedAsync(int batch = 500, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var outdated = (await c.QueryAsync<(long Id, string Body)>(OutdatedSql, new { version = CommentText.Version, batch })).ToList();
        if (outdated.Count == 0)
        {
            return 0;
        }
        await using var tx = await c.BeginTransactionAsync(ct);
        using var sql = new PreparedSql(c, tx);
        foreach (var (id, body) in outdated)
        {
            // An edit in the meantime wrote its own HTML with the new text; it is left alone.
            await sql.ExecuteAsync("UPDATE comments SET body_html = @html, html_version = @version WHERE id = @id AND html_version < @version",
                ("html", CommentText.ToHtml(body)), ("version", CommentText.Version), ("id", id));
        }
        await tx.CommitAsync(ct);
        return outdated.Count;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }
}
