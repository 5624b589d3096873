using Herald.Articles;
using Herald.Data;

namespace Herald.Hosting;

// Once per poll interval: evict what other processes changed, and publish what is due.
// Both are driven by database rows, so a restart or a second node loses nothing.
public sealed class BackgroundLoop(Db db, ChangeLog changes, Publisher publisher, HeraldOptions options, TimeProvider clock, ILogger<BackgroundLoop> logger) : BackgroundService
{
    private long seen;

    // The starting point of the change log is read before the server takes requests, so no
    // change made after start-up can fall between it and the first poll.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var c = await db.OpenAsync(cancellationToken))
        {
            seen = await ChangeLog.LatestAsync(c);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RerenderOutdatedAsync(stoppingToken);
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

    private async Task RerenderOutdatedAsync(CancellationToken ct)
    {
        try
        {
            int done, total = 0;
            while ((done = await publisher.RerenderOutdatedAsync(ct: ct)) > 0)
            {
                total += done;
            }
            if (total > 0)
            {
                logger.LogInformation("Re-rendered {Count} published articles for renderer version {Version}", total, BlockRenderer.Version);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Re-rendering outdated articles failed; it is retried at the next start");
        }
    }
}
