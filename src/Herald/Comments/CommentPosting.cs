using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Herald.Data;
using Herald.Hosting;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Comments;

public sealed record CommentDraft(long ArticleId, long? ParentId, string Text, string? FormToken, string? Honeypot, string Address, bool NotifyReplies);

public sealed record Commenter(long Id, string DisplayName, bool IsStaff);

public abstract record PostOutcome
{
    public sealed record Accepted(long CommentId, string State, bool Retried) : PostOutcome;

    // The form comes back with the reader's text and this message beside it.
    public sealed record Refused(string Message) : PostOutcome;

    public sealed record RateLimited(string Message, TimeSpan RetryAfter) : PostOutcome;
}

// Posting a comment, one step after another: form checks, discussion state, sanctions,
// rate limits, retries, duplicates, rules, then the insert (committed together with
// concurrent submissions by CommentWriter) and what follows it.
public sealed class CommentPosting(Db db, CommentWriter writer, Discussions discussions, FormTokens tokens, CommentEvents events,
    CommentNotifications notifications, IOptions<CommentOptions> commentOptions, TimeProvider clock)
{
    private CommentOptions Rules => commentOptions.Value;

    // On a connection of its own, everything looked up here.
    public async Task<PostOutcome> PostAsync(Commenter author, CommentDraft draft, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await PostAsync(c, author, draft, null, null, ct);
    }

    // What the comment form's post reads before it can decide: the article's discussion and
    // page (null when it is not published) and, on PostgreSQL, the author's standing in the
    // same round trip (null on SQLite, where PostAsync reads it when the form passes its checks).
    public async Task<(DiscussionTarget? Target, Standing? Standing)> LookUpAsync(DbConnection c, Commenter author, CommentDraft draft, CancellationToken ct = default)
    {
        if (!c.CanCreateBatch)
        {
            return (await discussions.TargetAsync(c, draft.ArticleId), null);
        }
        var target = new Discussions.TargetRead(draft.ArticleId);
        Standing? standing = null;
        await TypedRows.BatchAsync(c, null, ct, target.Statement,
            StandingStatement(author, tokens.Read(draft.FormToken)?.Nonce ?? "", clock.GetUtcNow().ToUnixTimeMilliseconds(), r => standing = Standing.Read(r)));
        return (await discussions.TargetAsync(c, target), standing);
    }

    private TypedRows.Batched StandingStatement(Commenter author, string nonce, long now, Action<TypedRow>? read) =>
        new(author.IsStaff ? StaffStandingSql : ReaderStandingSql, read, ("userId", author.Id), ("nonce", nonce), ("now", now), ("enough", Rules.TrustAfterApproved));

    // On the caller's open connection. knownDiscussion and knownStanding: what the caller
    // looked up for this very request (the comment page, through LookUpAsync), so it is not
    // looked up a second time; null to look it up here.
    public async Task<PostOutcome> PostAsync(DbConnection c, Commenter author, CommentDraft draft, DiscussionState? knownDiscussion, Standing? knownStanding,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var text = CommentText.Normalize(draft.Text ?? "");
        if (CommentRules.LengthProblem(text, Rules) is { } lengthProblem)
        {
            return new PostOutcome.Refused(lengthProblem);
        }
        if (!string.IsNullOrEmpty(draft.Honeypot))
        {
            return new PostOutcome.Refused("Your comment could not be accepted. If you are a person, leave the field labelled \"Leave this empty\" empty.");
        }
        if (tokens.Read(draft.FormToken) is not { } token || now - token.IssuedAt > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return new PostOutcome.Refused("This form has expired. Your text is kept below: please send it again.");
        }
        if (now - token.IssuedAt < Rules.MinSecondsToSubmit * 1000L)
        {
            return new PostOutcome.Refused("That was faster than anyone can write. Please wait a moment and send your comment again.");
        }

        var discussion = knownDiscussion is { } known && known.ArticleId == draft.ArticleId ? known : await discussions.StateAsync(draft.ArticleId, ct);
        if (discussion is null)
        {
            return new PostOutcome.Refused("This story is not published, so it cannot be discussed.");
        }
        if (!discussion.Open)
        {
            return new PostOutcome.Refused(discussion.ClosedReason!);
        }

        // The reader's sanction, the comment this form made already (a retried submission) and,
        // for a reader who is not staff, how many of theirs were approved: one statement.
        var standing = knownStanding;
        if (standing is null)
        {
            var statement = StandingStatement(author, token.Nonce, now, null);
            standing = (await TypedRows.ReadAsync(c, statement.Sql, Standing.Read, ct, statement.Values)).Single();
        }
        if (standing.SanctionReason is { } sanctionReason)
        {
            return new PostOutcome.Refused(Sanctions.Message(standing.SanctionUntil, sanctionReason));
        }
        if (standing.ExistingId is { } retriedId)
        {
            return new PostOutcome.Accepted(retriedId, standing.ExistingState!, Retried: true);
        }
        var address = AddressHash(draft.Address);
        var minuteAgo = now - 60_000;
        if (Rules.PerAccountPerMinute > 0 &&
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM comments WHERE user_id = @userId AND created_at > @minuteAgo", new { userId = author.Id, minuteAgo }) >= Rules.PerAccountPerMinute)
        {
            return new PostOutcome.RateLimited($"You have written {Rules.PerAccountPerMinute} comments in the last minute. Please wait a minute before the next one; your text is kept below.", TimeSpan.FromSeconds(60));
        }
        if (Rules.PerAddressPerMinute > 0 &&
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM comments WHERE address_hash = @address AND created_at > @minuteAgo", new { address, minuteAgo }) >= Rules.PerAddressPerMinute)
        {
            return new PostOutcome.RateLimited("Many comments have come from your network in the last minute. Please wait a minute; your text is kept below.", TimeSpan.FromSeconds(60));
        }
        if (Rules.DuplicateWindowMinutes > 0 && await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM comments WHERE article_id = @articleId AND user_id = @userId AND body = @text AND created_at > @since AND state <> 'deleted'",
                new { articleId = draft.ArticleId, userId = author.Id, text, since = now - Rules.DuplicateWindowMinutes * 60_000L }) > 0)
        {
            return new PostOutcome.Refused($"You posted the same text here a moment ago. It is not added twice; please write something new.");
        }

        long? parentId = null;
        if (draft.ParentId is { } requested)
        {
            // Replies are one level deep: a reply to a reply joins the same thread.
            var parent = await c.OneOrNoneAsync<(long Id, long? ParentId, string State)>(
                "SELECT id, parent_id, state FROM comments WHERE id = @requested AND article_id = @articleId", new { requested, articleId = draft.ArticleId });
            if (parent is not { State: "approved" } p)
            {
                return new PostOutcome.Refused("The comment you replied to is not available any more. Your text is kept: send it as a new comment.");
            }
            parentId = p.ParentId ?? p.Id;
        }

        var verdict = CommentRules.Check(text, Rules);
        if (verdict.Action == RuleAction.Reject)
        {
            await Log(c, null, null, author.Id, "rejected-by-rule", verdict.Reason, now);
            return new PostOutcome.Refused(verdict.Reason!);
        }
        var trusted = author.IsStaff || standing.Approved >= Rules.TrustAfterApproved;
        var (state, reason) = verdict.Action == RuleAction.Hold ? ("pending", verdict.Reason)
            : discussion.Mode == "premoderated" && !author.IsStaff ? ("pending", "pre-moderated discussion")
            : !trusted ? ("pending", "first comments of a new reader")
            : ("approved", null);

        var id = await writer.WriteAsync(new PendingComment(draft.ArticleId, parentId, author.Id, text, state, reason, draft.NotifyReplies, token.Nonce, address, now));
        if (id is null)
        {
            // The same form, sent twice at the same moment: the other request made the comment.
            var winner = await c.QuerySingleAsync<(long Id, string State)>(
                "SELECT id, state FROM comments WHERE user_id = @userId AND form_token = @nonce", new { userId = author.Id, nonce = token.Nonce });
            return new PostOutcome.Accepted(winner.Id, winner.State, Retried: true);
        }
        if (state == "approved")
        {
            await events.ApprovedAsync(draft.ArticleId, id.Value, ct);
            if (parentId is not null)
            {
                // Only a reply can notify anyone.
                await notifications.ReplyApprovedAsync(id.Value, ct);
            }
        }
        return new PostOutcome.Accepted(id.Value, state, Retried: false);
    }

    internal static Task Log(DbConnection c, DbTransaction? tx, long? commentId, long? readerId, string action, string? reason, long now, long? moderatorId = null) =>
        c.ExecuteAsync(
            "INSERT INTO moderation_log (comment_id, reader_id, moderator_id, action, reason, created_at) VALUES (@commentId, @readerId, @moderatorId, @action, @reason, @now)",
            new { commentId, readerId, moderatorId, action, reason, now }, tx);

    private string AddressHash(string address)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(addressKey ??= Encoding.UTF8.GetBytes(Rules.AddressKey), Encoding.UTF8.GetBytes(address), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    // The options are read once per process (IOptions), so the key's bytes can be kept.
    private byte[]? addressKey;

    private const string StandingSql =
        """
        SELECT s.until_at AS SanctionUntil, s.reason AS SanctionReason, e.id AS ExistingId, e.state AS ExistingState,
               {approved} AS Approved
        FROM (SELECT 1 AS here) one
        LEFT JOIN reader_sanctions s ON s.user_id = @userId AND (s.until_at IS NULL OR s.until_at > @now)
        LEFT JOIN comments e ON e.user_id = @userId AND e.form_token = @nonce
        """;

    // The reader's approved comments are found through the reader's own index: with the state
    // compared plainly SQLite walked every approved comment of the site in moderation order
    // looking for this reader's, all of them for a reader with none yet (docs/architecture.md).
    internal static readonly string ReaderStandingSql = StandingSql.Replace(
        "{approved}", "(SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE user_id = @userId AND state || '' = 'approved' LIMIT @enough) mine)", StringComparison.Ordinal);

    // Staff are trusted anyway: their approved comments are not counted.
    private static readonly string StaffStandingSql = StandingSql.Replace("{approved}", "0", StringComparison.Ordinal);

    // The reader's sanction, the comment this form made already and how many approved.
    public sealed class Standing
    {
        public long? SanctionUntil { get; init; }
        public string? SanctionReason { get; init; }
        public long? ExistingId { get; init; }
        public string? ExistingState { get; init; }
        public long Approved { get; init; }

        internal static Standing Read(TypedRow r) => new()
        {
            SanctionUntil = r.NullableInt64(0), SanctionReason = r.NullableString(1), ExistingId = r.NullableInt64(2), ExistingState = r.NullableString(3),
            Approved = r.GetInt64(4),
        };
    }
}
