using System.Data.Common;
using Dapper;
using Herald.Comments;
using Herald.Data;
using Herald.Tests.Support;

namespace Herald.Tests.Comments;

// Comments sent at the same moment are committed together (CommentWriter), and each keeps
// its own outcome. On PostgreSQL a batch goes in one round trip, and when one of its
// comments fails, again one by one; on SQLite each comment has its own savepoint.
public sealed class GroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Comments_committed_together_each_keep_their_own_outcome(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, _) = await CommentSite.ArticleAsync(site, mode: "open");
        var ann = (await TestAccounts.CreateAsync(site.Services, "ann@example.org", "Ann")).Id;
        var db = site.Get<Db>();
        var writer = site.Get<CommentWriter>();
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        PendingComment Comment(string nonce, string text, string state = "approved", string? reason = null, long? article = null) =>
            new(article ?? articleId, null, ann, text, state, reason, false, nonce, "address", now);

        var earlier = await writer.WriteAsync(Comment("earlier-form", "Stored before the burst."));
        Assert.NotNull(earlier);

        // A burst that all succeeds: on PostgreSQL the one statement per comment also logs why
        // the held one waits.
        var first = await BurstAsync(site, database,
            Comment("lead-1", "Leads the burst."),
            Comment("approved-1", "Approved at once."),
            Comment("held-1", "Waits for a moderator.", "pending", "first comments of a new reader"),
            Comment("earlier-form", "The earlier form, sent again."));
        var (approved, held) = (await first[1], await first[2]);
        Assert.NotNull(approved);
        Assert.NotNull(held);
        Assert.Null(await first[3]);

        // A burst with a comment whose article does not exist: it fails alone.
        var second = await BurstAsync(site, database,
            Comment("lead-2", "Leads the second burst."),
            Comment("approved-2", "Approved beside a failure."),
            Comment("orphan", "Under no article.", article: articleId + 1_000_000),
            Comment("held-2", "Also waits.", "pending", "pre-moderated discussion"));
        await Assert.ThrowsAnyAsync<DbException>(() => second[2]);
        var (approvedBeside, heldBeside) = (await second[1], await second[3]);
        Assert.NotNull(approvedBeside);
        Assert.NotNull(heldBeside);

        await using var c = await db.OpenAsync(Ct);
        var stored = (await c.QueryAsync<(string Token, string State, string Body)>(
            "SELECT form_token, state, body FROM comments WHERE user_id = @ann ORDER BY id", new { ann })).ToList();
        Assert.Equal(
        [
            ("earlier-form", "approved", "Stored before the burst."),
            ("lead-1", "approved", "Leads the burst."),
            ("approved-1", "approved", "Approved at once."),
            ("held-1", "pending", "Waits for a moderator."),
            ("lead-2", "approved", "Leads the second burst."),
            ("approved-2", "approved", "Approved beside a failure."),
            ("held-2", "pending", "Also waits."),
        ], stored);
        var log = (await c.QueryAsync<(long Comment, long Reader, string Action, string Reason)>(
            "SELECT comment_id, reader_id, action, reason FROM moderation_log WHERE reader_id = @ann ORDER BY id", new { ann })).ToList();
        Assert.Equal([(held!.Value, ann, "held", "first comments of a new reader"), (heldBeside!.Value, ann, "held", "pre-moderated discussion")], log);
        // Each burst's approved comments are recorded as a change to the discussion's pages.
        var changes = (await c.QueryAsync<string>("SELECT tags FROM content_changes ORDER BY id DESC LIMIT 2")).ToList();
        Assert.All(changes, tags => Assert.Contains($"comments:{articleId}", tags.Split(' ')));
    }

    // Sends the comments without waiting between them. On PostgreSQL a lock on the comments
    // table holds the writer at the first one, so the others queue up and go in one batch.
    private static async Task<Task<long?>[]> BurstAsync(TestSite site, string database, params PendingComment[] comments)
    {
        var writer = site.Get<CommentWriter>();
        if (database != TestDatabases.Postgres)
        {
            return [.. comments.Select(writer.WriteAsync)];
        }
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        await using var tx = await c.BeginTransactionAsync(Ct);
        await c.ExecuteAsync("LOCK TABLE comments IN SHARE MODE", transaction: tx);
        var lead = writer.WriteAsync(comments[0]);
        await WaitUntilBlockedAsync(site);
        var rest = comments.Skip(1).Select(writer.WriteAsync).ToArray();
        await tx.CommitAsync(Ct);
        return [lead, .. rest];
    }

    // Until the writer's insert waits for the lock (pg_stat_activity), so the rest cannot join its
    // batch; at most 20 s, a bound for a loaded machine, not a speed check.
    private static async Task WaitUntilBlockedAsync(TestSite site)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        for (var tries = 0; tries < 800; tries++)
        {
            if (await c.ExecuteScalarAsync<long>(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO comments%'") > 0)
            {
                return;
            }
            await Task.Delay(25, Ct);
        }
        throw new TimeoutException("the comment writer never waited for the lock on the comments table");
    }
}
