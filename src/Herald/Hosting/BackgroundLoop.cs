using Herald.Articles;
using Herald.Data;

namespace Herald.Hosting;

// Once per poll interval: evict what other processes changed, and publish what is due.
// Both are driven by database rows, so a restart or a second node loses nothing.
public sealed class BackgroundLoop(Db db, ChangeLog changes, Publisher publisher, Herald.Comments.CommentEvents commentEvents, Herald.Comments.CommentWriter commentWriter, HeraldOptions options, TimeProvider clock, ILogger<BackgroundLoop> logger) : BackgroundService
{
    private long seen;
    private long approvalsSeen;

    // The starting point of the change log is read before the server takes requests, so no
    // change made after start-up can fall between it and the first poll.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            seen = await ChangeLog.LatestAsync(c);
            approvalsSeen = await Dapper.SqlMapper.ExecuteScalarAsync<long?>(c, "SELECT MAX(moderated_at) FROM comments WHERE state = 'approved'") ?? 0;
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The catch-up passes after an upgrade can take minutes on a large site (pairing the
        // words of 100,000 articles for phrase search: about 7), so they run beside the loop:
        // scheduled articles and other nodes' evictions must not wait for them.
        var catchUp = CatchUpAllAsync(stoppingToken);
        try
        {
            await LoopAsync(stoppingToken);
        }
        finally
        {
            try
            {
                await catchUp;
            }
            catch (OperationCanceledException)
            {
                // Stopped midway: the rest is done at the next start.
            }
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.ChangePollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await publisher.PublishDueAsync(stoppingToken);
                await using var c = await db.OpenAsync(stoppingToken);
                var (latest, tags) = await ChangeLog.SinceAsync(c, seen);
                if (tags.Count > 0)
                {
                    changes.Notify(tags);
                }
                if (tags.Any(t => t.StartsWith("comments:", StringComparison.Ordinal)))
                {
                    await ForwardApprovalsAsync(c, stoppingToken);
                }
                seen = latest;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Background pass failed; retrying at the next interval");
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CatchUpAllAsync(CancellationToken ct)
    {
        await Task.Yield();
        await RerenderOutdatedAsync(ct);
        await RenderOutdatedCommentsAsync(ct);
        await CatchUpAsync(c => Herald.Search.SearchIndex.PairUnpairedAsync(db, ct: c), total =>
            logger.LogInformation("Indexed the word pairs of {Count} published articles for phrase search", total),
            "Indexing the word pairs of older articles", ct);
    }

    // Comments approved by other processes reach the readers connected to this one.
    private async Task ForwardApprovalsAsync(System.Data.Common.DbConnection c, CancellationToken ct)
    {
        var approved = (await Dapper.SqlMapper.QueryAsync<(long Id, long ArticleId, long ModeratedAt)>(c,
            "SELECT id, article_id, moderated_at FROM comments WHERE state = 'approved' AND moderated_at >= @since ORDER BY moderated_at LIMIT 500",
            new { since = approvalsSeen })).ToList();
        foreach (var (id, articleId, moderatedAt) in approved)
        {
            await commentEvents.ApprovedAsync(articleId, id, ct);
            approvalsSeen = Math.Max(approvalsSeen, moderatedAt);
        }
    }

    private Task RerenderOutdatedAsync(CancellationToken ct) =>
        CatchUpAsync(c => publisher.RerenderOutdatedAsync(ct: c), total =>
            logger.LogInformation("Re-rendered {Count} published articles for renderer version {Version}", total, BlockRenderer.Version),
            "Re-rendering outdated articles", ct);

    private Task RenderOutdatedCommentsAsync(CancellationToken ct) =>
        CatchUpAsync(c => commentWriter.RenderOutdatedAsync(ct: c), total =>
            logger.LogInformation("Stored the HTML of {Count} comments for comment format version {Version}", total, Herald.Comments.CommentText.Version),
            "Storing the HTML of older comments", ct);

    // Runs a batch step until it finds nothing left to do; a failure is
    // logged and left for the next start.
    private async Task CatchUpAsync(Func<CancellationToken, Task<int>> step, Action<int> report, string work, CancellationToken ct)
    {
        try
        {
            int done, total = 0;
            while ((done = await step(ct)) > 0)
            {
                total += done;
            }
            if (total > 0)
            {
                report(total);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Work} failed; it is retried at the next start", work);
        }
    }
}
