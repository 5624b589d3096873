using Dapper;
using Herald.Comments;
using Herald.Data;
using Herald.Webhooks;

namespace Herald.Moderation;

public static class Decisions
{
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string Spam = "spam";

    public static readonly IReadOnlyList<string> All = [Approve, Reject, Spam];
}

// Moderators' decisions. Each is logged with who, when and why, evicts the discussion
// from the cache, and an approval goes out live, to webhooks and to a reply's parent author.
public sealed class ModerationActions(Db db, ChangeLog changes, CommentEvents events, CommentNotifications notifications, TimeProvider clock)
{
    public async Task<int> DecideAsync(IReadOnlyCollection<long> commentIds, string decision, string? reason, long moderatorId, CancellationToken ct = default)
    {
        if (!Decisions.All.Contains(decision))
        {
            throw new ArgumentOutOfRangeException(nameof(decision), decision, "unknown decision");
        }
        var state = decision switch { Decisions.Approve => "approved", Decisions.Reject => "rejected", _ => "spam" };
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var approved = new List<(long Id, long ArticleId)>();
        var tags = new HashSet<string>(StringComparer.Ordinal);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var id in commentIds.Distinct())
        {
            var changed = await c.OneOrNoneAsync<(long ArticleId, long UserId)>(
                """
                UPDATE comments SET state = @state, reason = @reason, moderated_at = @now,
                    reports = CASE WHEN @state = 'approved' THEN 0 ELSE reports END
                WHERE id = @id AND state <> 'deleted'
                RETURNING article_id, user_id
                """, new { id, state, reason = decision == Decisions.Approve ? null : reason, now }, tx);
            if (changed is not { } row)
            {
                continue;
            }
            await CommentPosting.Log(c, tx, id, row.UserId, decision, reason, now, moderatorId);
            tags.Add($"comments:{row.ArticleId}");
            if (decision == Decisions.Approve)
            {
                approved.Add((id, row.ArticleId));
                await WebhookStore.QueueAsync(c, tx, WebhookEvents.CommentApproved, $"{WebhookEvents.CommentApproved}:{id}", CommentEvents.Payload(id, row.ArticleId), now);
            }
        }
        if (tags.Count > 0)
        {
            await changes.RecordAsync(c, tx, tags);
        }
        await tx.CommitAsync(ct);
        changes.Notify(tags);
        foreach (var (id, articleId) in approved)
        {
            await events.ApprovedAsync(articleId, id, ct);
            await notifications.ReplyApprovedAsync(id, ct);
        }
        return tags.Count == 0 ? 0 : commentIds.Count;
    }

    public async Task FeatureAsync(long commentId, bool featured, long moderatorId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var row = await c.OneOrNoneAsync<(long ArticleId, long UserId)>(
            "UPDATE comments SET featured = @featured WHERE id = @commentId RETURNING article_id, user_id", new { commentId, featured = featured ? 1 : 0 }, tx);
        if (row is { } r)
        {
            await CommentPosting.Log(c, tx, commentId, r.UserId, featured ? "featured" : "unfeatured", null, now, moderatorId);
            await changes.RecordAsync(c, tx, [$"comments:{r.ArticleId}"]);
        }
        await tx.CommitAsync(ct);
        if (row is { } done)
        {
            changes.Notify([$"comments:{done.ArticleId}"]);
        }
    }

    // until null: a ban; otherwise a suspension ending then. lift: remove the sanction.
    public async Task SanctionAsync(long readerId, DateTimeOffset? until, string reason, long moderatorId, bool lift = false, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (lift)
        {
            await c.ExecuteAsync("DELETE FROM reader_sanctions WHERE user_id = @readerId", new { readerId }, tx);
        }
        else
        {
            await c.ExecuteAsync(
                """
                INSERT INTO reader_sanctions (user_id, until_at, reason, moderator_id, created_at) VALUES (@readerId, @until, @reason, @moderatorId, @now)
                ON CONFLICT (user_id) DO UPDATE SET until_at = excluded.until_at, reason = excluded.reason, moderator_id = excluded.moderator_id, created_at = excluded.created_at
                """, new { readerId, until = until?.ToUnixTimeMilliseconds(), reason, moderatorId, now }, tx);
        }
        await CommentPosting.Log(c, tx, null, readerId, lift ? "sanction-lifted" : until is null ? "banned" : "suspended", reason, now, moderatorId);
        await tx.CommitAsync(ct);
    }
}
