using System.CommandLine;
using System.Globalization;
using Herald.Data;

namespace Herald.Webhooks;

// herald webhook add|list|remove|deliveries: registration and the delivery log from
// the command line (the desk's admin pages will offer the same).
public static class WebhookCommands
{
    public static Command Create(Func<ParseResult, Func<IServiceProvider, CancellationToken, Task<int>>, CancellationToken, Task<int>> withServices)
    {
        var webhook = new Command("webhook", "Register webhook endpoints and read the delivery log");

        var url = new Argument<string>("URL") { Description = "The http(s) address that receives POSTed events" };
        var events = new Option<string[]>("--event")
        {
            Description = $"Event to send (repeatable): {string.Join(", ", WebhookEvents.All)}; default all",
            AllowMultipleArgumentsPerToken = true,
        };
        var add = new Command("add", "Register an endpoint; prints its id and signing secret once") { url, events };
        add.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            var target = result.GetValue(url)!;
            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"\"{target}\" is not an http or https URL");
                return 2;
            }
            var chosen = result.GetValue(events) is { Length: > 0 } e ? e : [.. WebhookEvents.All];
            if (chosen.FirstOrDefault(x => !WebhookEvents.All.Contains(x)) is { } unknown)
            {
                await Console.Error.WriteLineAsync($"unknown event \"{unknown}\" (expected {string.Join(", ", WebhookEvents.All)})");
                return 2;
            }
            await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            var endpoint = await services.GetRequiredService<WebhookStore>().AddAsync(target, chosen, ct2);
            Console.WriteLine($"endpoint {endpoint.Id}: {endpoint.Url} ({endpoint.Events})");
            Console.WriteLine($"secret: {endpoint.Secret}");
            return 0;
        }, ct));
        webhook.Subcommands.Add(add);

        var list = new Command("list", "List registered endpoints");
        list.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            foreach (var e in await services.GetRequiredService<WebhookStore>().EndpointsAsync(ct2))
            {
                Console.WriteLine($"{e.Id}\t{(e.Active ? "active" : "removed")}\t{e.Url}\t{e.Events}");
            }
            return 0;
        }, ct));
        webhook.Subcommands.Add(list);

        var id = new Argument<long>("ID") { Description = "The endpoint id from `webhook list`" };
        var remove = new Command("remove", "Stop sending to an endpoint (its delivery log is kept)") { id };
        remove.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            var ok = await services.GetRequiredService<WebhookStore>().DeactivateAsync(result.GetValue(id), ct2);
            Console.WriteLine(ok ? "removed" : "no such endpoint");
            return ok ? 0 : 1;
        }, ct));
        webhook.Subcommands.Add(remove);

        var deliveries = new Command("deliveries", "The delivery log, newest first: status, attempts, last response code");
        deliveries.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            foreach (var d in await services.GetRequiredService<WebhookStore>().DeliveriesAsync(ct: ct2))
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt).ToString("u", CultureInfo.InvariantCulture);
                Console.WriteLine($"{d.Id}\t{at}\t{d.Event}\t{d.Url}\t{d.Status}\tattempts={d.Attempts}\tcode={d.LastStatusCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}\t{d.LastError}");
            }
            return 0;
        }, ct));
        webhook.Subcommands.Add(deliveries);
        return webhook;
    }
}
