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
// no request is answered before the transaction holding its comment has committed. One
// comment that fails does not take the others with it: on SQLite each has its own
// savepoint; on PostgreSQL the batch goes in one round trip, and one by one if any fails.
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

    private const string InsertValues =
        """
        INSERT INTO comments (article_id, parent_id, user_id, body, body_html, html_version, state, reason, notify_replies, form_token, address_hash, created_at, moderated_at)
        VALUES (@ArticleId, @ParentId, @UserId, @Text, @Html, @HtmlVersion, @State, @Reason, @notify, @Nonce, @Address, @Now, @moderated)
        ON CONFLICT (user_id, form_token) DO NOTHING
        """;

    private const string InsertSql = InsertValues + " RETURNING id";

    // PostgreSQL, the whole batch together: each comment one statement, which also logs why a
    // held comment waits (what CommentPosting.Log writes after the insert one by one).
    private const string InsertTogetherSql =
        "WITH added AS (" + InsertValues + " RETURNING id, user_id, reason, created_at), " +
        """
        held AS (INSERT INTO moderation_log (comment_id, reader_id, action, reason, created_at)
                 SELECT id, user_id, 'held', reason, created_at FROM added WHERE reason IS NOT NULL)
        SELECT id FROM added
        """;

    // The insert's values. A missing reason is DBNull, not null: TypedRows types a null as an
    // id (bigint), and the column is text; DBNull leaves PostgreSQL to take the column's type.
    private static (string Name, object? Value)[] Values(PendingComment p) =>
    [
        ("ArticleId", p.ArticleId), ("ParentId", p.ParentId), ("UserId", p.UserId), ("Text", p.Text), ("Html", p.Html), ("HtmlVersion", CommentText.Version),
        ("State", p.State), ("Reason", (object?)p.Reason ?? DBNull.Value), ("notify", p.NotifyReplies ? 1 : 0), ("Nonce", p.Nonce), ("Address", p.Address),
        ("Now", p.Now), ("moderated", p.State == "approved" ? p.Now : null),
    ];

    private async Task WriteBatchAsync(List<(PendingComment Comment, TaskCompletionSource<long?> Done)> batch)
    {
        await using var c = await db.OpenAsync();
        // On PostgreSQL every statement is a round trip, so the batch's comments go in one. If
        // any of them fails (its article or parent removed meanwhile), that transaction is
        // rolled back and they are written again one by one, so the failure is that comment's
        // alone, as on SQLite.
        var results = (c.CanCreateBatch ? await TogetherAsync(c, batch) : null) ?? await OneByOneAsync(c, batch);
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

    // Null when a statement failed and nothing was written.
    private async Task<(long? Id, Exception? Error)[]?> TogetherAsync(DbConnection c, List<(PendingComment Comment, TaskCompletionSource<long?> Done)> batch)
    {
        var ids = new long?[batch.Count];
        var statements = new TypedRows.Batched[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var at = i;
            statements[i] = new TypedRows.Batched(InsertTogetherSql, row => ids[at] = row.GetInt64(0), Values(batch[i].Comment));
        }
        await using var tx = await c.BeginTransactionAsync();
        try
        {
            await TypedRows.BatchAsync(c, null, CancellationToken.None, statements);
        }
        catch (DbException e)
        {
            logger.LogInformation(e, "Writing {Count} comments together failed; writing them one by one", batch.Count);
            await tx.RollbackAsync();
            return null;
        }
        var approvals = new Approvals(c, tx);
        for (var i = 0; i < batch.Count; i++)
        {
            if (ids[i] is { } id)
            {
                await approvals.AddAsync(batch[i].Comment, id);
            }
        }
        await approvals.CommitAsync(changes);
        return [.. ids.Select(id => (id, (Exception?)null))];
    }

    // Each comment in its own savepoint, so one that fails does not take the others with it.
    private async Task<(long? Id, Exception? Error)[]> OneByOneAsync(DbConnection c, List<(PendingComment Comment, TaskCompletionSource<long?> Done)> batch)
    {
        var results = new (long? Id, Exception? Error)[batch.Count];
        await using var tx = await c.BeginTransactionAsync();
        // The statements every comment runs are prepared once per batch (PreparedSql).
        using var sql = new PreparedSql(c, tx);
        var approvals = new Approvals(c, tx);
        for (var i = 0; i < batch.Count; i++)
        {
            var p = batch[i].Comment;
            await sql.ExecuteAsync("SAVEPOINT one_comment");
            try
            {
                long? id = await sql.ScalarAsync(InsertSql, Values(p)) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
                if (id is { } newId)
                {
                    if (p.Reason is not null)
                    {
                        await CommentPosting.Log(c, tx, newId, p.UserId, "held", p.Reason, p.Now);
                    }
                    await approvals.AddAsync(p, newId);
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
        await approvals.CommitAsync(changes);
        return results;
    }

    // What the batch's approved comments bring with them: the pages they change, recorded with
    // the commit, and the webhook deliveries queued in the same transaction.
    private sealed class Approvals(DbConnection c, DbTransaction tx)
    {
        private readonly HashSet<string> tags = new(StringComparer.Ordinal);

        // Looked up once for the batch, inside its transaction: with no endpoint taking the event
        // there is nothing to queue for any of its comments.
        private bool? webhooks;

        public async Task AddAsync(PendingComment p, long id)
        {
            if (p.State != "approved")
            {
                return;
            }
            tags.Add($"comments:{p.ArticleId}");
            webhooks ??= await WebhookStore.AnySubscribedAsync(c, tx, WebhookEvents.CommentApproved);
            if (webhooks.Value)
            {
                await WebhookStore.QueueAsync(c, tx, WebhookEvents.CommentApproved, $"{WebhookEvents.CommentApproved}:{id}", CommentEvents.Payload(id, p.ArticleId), p.Now);
            }
        }

        public Task CommitAsync(ChangeLog changes) => changes.CommitAsync(c, tx, tags);
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
