using Dapper;
using Herald.Data;
using Microsoft.Extensions.Options;

namespace Herald.Comments;

// What a reader can do with comments besides writing them.
public sealed class ReaderActions(Db db, ChangeLog changes, Discussions discussions, IOptions<CommentOptions> options, TimeProvider clock)
{
    // One recommendation per reader and comment; recommending one's own comment is not allowed.
    public async Task<string?> RecommendAsync(long commentId, long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var comment = await c.OneOrNoneAsync<(long ArticleId, long UserId, string State)>(
            "SELECT article_id, user_id, state FROM comments WHERE id = @commentId", new { commentId }, tx);
        if (comment is not { State: "approved" } found)
        {
            return "This comment cannot be recommended.";
        }
        if (found.UserId == userId)
        {
            return "You cannot recommend your own comment.";
        }
        var added = await c.ExecuteAsync(
            "INSERT INTO comment_recommendations (comment_id, user_id, created_at) VALUES (@commentId, @userId, @now) ON CONFLICT (comment_id, user_id) DO NOTHING",
            new { commentId, userId, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
        if (added == 1)
        {
            await c.ExecuteAsync("UPDATE comments SET recommendations = recommendations + 1 WHERE id = @commentId", new { commentId }, tx);
            await changes.RecordAsync(c, tx, [$"comments:{found.ArticleId}"]);
        }
        await tx.CommitAsync(ct);
        if (added == 1)
        {
            changes.Notify([$"comments:{found.ArticleId}"]);
        }
        return added == 1 ? null : "You have already recommended this comment.";
    }

    // Reports are counted once per reader; enough of them hide the comment until a moderator decides.
    public async Task<string?> ReportAsync(long commentId, long userId, string reason, CancellationToken ct = default)
    {
        reason = reason.Trim();
        if (reason.Length is < 3 or > 500)
        {
            return "Say in a few words (3 to 500 characters) what is wrong with this comment.";
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var comment = await c.OneOrNoneAsync<(long ArticleId, long UserId, string State)>(
            "SELECT article_id, user_id, state FROM comments WHERE id = @commentId", new { commentId }, tx);
        if (comment is not { State: "approved" } found)
        {
            return "This comment cannot be reported.";
        }
        var added = await c.ExecuteAsync(
            "INSERT INTO comment_reports (comment_id, user_id, reason, created_at) VALUES (@commentId, @userId, @reason, @now) ON CONFLICT (comment_id, user_id) DO NOTHING",
            new { commentId, userId, reason, now }, tx);
        if (added == 0)
        {
            return "You have already reported this comment; a moderator will look at it.";
        }
        var reports = await c.ExecuteScalarAsync<int>("UPDATE comments SET reports = reports + 1 WHERE id = @commentId RETURNING reports", new { commentId }, tx);
        await CommentPosting.Log(c, tx, commentId, found.UserId, "reported", reason, now);
        var hide = options.Value.HideAfterReports > 0 && reports >= options.Value.HideAfterReports;
        if (hide)
        {
            await c.ExecuteAsync("UPDATE comments SET state = 'pending', reason = 'hidden after reports' WHERE id = @commentId", new { commentId }, tx);
            await CommentPosting.Log(c, tx, commentId, found.UserId, "hidden-after-reports", $"{reports} reports", now);
            await changes.RecordAsync(c, tx, [$"comments:{found.ArticleId}"]);
        }
        await tx.CommitAsync(ct);
        if (hide)
        {
            changes.Notify([$"comments:{found.ArticleId}"]);
        }
        return null;
    }

    // Authors may fix their comment for a short while; the new text passes the rules again,
    // and on a pre-moderated discussion a moderator sees it again before readers do.
    public async Task<string?> EditAsync(long commentId, long userId, string text, bool isStaff = false, CancellationToken ct = default)
    {
        text = CommentText.Normalize(text);
        if (CommentRules.LengthProblem(text, options.Value) is { } problem)
        {
            return problem;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        var comment = await c.OneOrNoneAsync<(long ArticleId, long UserId, string State, long CreatedAt)>(
            "SELECT article_id, user_id, state, created_at FROM comments WHERE id = @commentId", new { commentId });
        if (comment is not { } found || found.UserId != userId || found.State is "deleted" or "rejected" or "spam")
        {
            return "You can only edit your own comments.";
        }
        if (now - found.CreatedAt > options.Value.EditWindowMinutes * 60_000L)
        {
            return $"Comments can be edited for {options.Value.EditWindowMinutes} minutes after posting; this one can no longer be changed.";
        }
        if (await Sanctions.ActiveAsync(c, userId, now) is { } sanction)
        {
            return sanction;
        }
        var discussion = await discussions.StateAsync(found.ArticleId, ct);
        if (discussion is not { Open: true })
        {
            return discussion?.ClosedReason ?? "This story can no longer be discussed.";
        }
        var verdict = CommentRules.Check(text, options.Value);
        if (verdict.Action == RuleAction.Reject)
        {
            return verdict.Reason;
        }
        if (verdict.Action == RuleAction.Accept && discussion.Mode == "premoderated" && !isStaff && found.State == "approved")
        {
            verdict = new RuleVerdict(RuleAction.Hold, "edited after approval");
        }
        await using var tx = await c.BeginTransactionAsync(ct);
        var state = verdict.Action == RuleAction.Hold ? "pending" : found.State;
        await c.ExecuteAsync(
            """
            UPDATE comments SET body = @text, body_html = @html, html_version = @version, edited_at = @now, state = @state,
                reason = CASE WHEN @held = 1 THEN @reason ELSE reason END
            WHERE id = @commentId
            """,
            new { text, html = CommentText.ToHtml(text), version = CommentText.Version, now, state, held = verdict.Action == RuleAction.Hold ? 1 : 0, reason = verdict.Reason, commentId },
            tx);
        await CommentPosting.Log(c, tx, commentId, userId, "edited", verdict.Reason, now);
        await changes.CommitAsync(c, tx, [$"comments:{found.ArticleId}"], ct);
        return null;
    }

    public async Task<string?> DeleteAsync(long commentId, long userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var articleId = await c.ExecuteScalarAsync<long?>(
            "UPDATE comments SET state = 'deleted', body = '' WHERE id = @commentId AND user_id = @userId AND state <> 'deleted' RETURNING article_id", new { commentId, userId }, tx);
        if (articleId is null)
        {
            return "You can only delete your own comments.";
        }
        await CommentPosting.Log(c, tx, commentId, userId, "deleted-by-author", null, now);
        await changes.CommitAsync(c, tx, [$"comments:{articleId}"], ct);
        return null;
    }
}
