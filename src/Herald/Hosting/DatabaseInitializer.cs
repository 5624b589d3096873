using Herald.Data;
using Herald.Demo;

namespace Herald.Hosting;

// Runs before the server accepts requests: schema first, then demo content into an empty site.
public sealed class DatabaseInitializer(Migrator migrator, DemoContent demo, HeraldOptions options, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        if (applied.Count > 0)
        {
            logger.LogInformation("Applied migrations {Migrations}", string.Join(", ", applied));
        }
        if (options.Demo)
        {
            var loaded = await demo.LoadIfEmptyAsync(cancellationToken);
            if (loaded > 0)
            {
                logger.LogInformation("Loaded {Count} demo articles into the empty site", loaded);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
