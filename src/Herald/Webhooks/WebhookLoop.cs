using Herald.Hosting;

namespace Herald.Webhooks;

// Its own loop, so a slow receiver never delays scheduled publishing or cache eviction.
public sealed class WebhookLoop(WebhookDispatcher dispatcher, HeraldOptions options, TimeProvider clock, ILogger<WebhookLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(options.ChangePollSeconds, 0.2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await dispatcher.RunDueAsync(stoppingToken) > 0)
                {
                }
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Webhook pass failed; retrying at the next interval");
            }
        }
    }
}
