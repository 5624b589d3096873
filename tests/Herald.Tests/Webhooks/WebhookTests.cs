using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Herald.Articles;
using Herald.Tests.Support;
using Herald.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Webhooks;

public sealed class WebhookTests
{
    // After the sample articles' publication time, so they publish at once.
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10), $"timed out waiting for {what}");
            await Task.Delay(20, Ct);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Publish_update_and_unpublish_are_delivered_signed(string database)
    {
        await using var receiver = await Receiver.StartAsync(200);
        await using var site = await TestSite.StartAsync(database, new FakeTimeProvider(Start));
        var endpoint = await site.Get<WebhookStore>().AddAsync(receiver.Url, WebhookEvents.All, Ct);

        await site.PublishAsync(Samples.Article("hooked", title: "First"));
        await site.PublishAsync(Samples.Article("hooked", title: "Second"));
        await site.Get<Publisher>().UnpublishAsync("hooked", Ct);
        await site.Get<WebhookDispatcher>().RunDueAsync(Ct);
        await UntilAsync(() => receiver.Received.Count >= 3, "three deliveries");

        // In the order the events happened, by delivery id: the site's own webhook loop may
        // make its first pass while RunDueAsync runs, and two dispatchers (as on two nodes)
        // each send what they claimed, so the arrival order is not promised.
        var hooks = receiver.Received.OrderBy(h => long.Parse(h.Headers["Herald-Delivery"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([WebhookEvents.ArticlePublished, WebhookEvents.ArticleUpdated, WebhookEvents.ArticleUnpublished], hooks.Select(h => h.Headers["Herald-Event"]));
        foreach (var hook in hooks)
        {
            var timestamp = hook.Headers["Herald-Timestamp"];
            var expected = Convert.ToHexStringLower(new HMACSHA256(Encoding.UTF8.GetBytes(endpoint.Secret)).ComputeHash(Encoding.UTF8.GetBytes($"{timestamp}.{hook.Body}")));
            Assert.Equal($"t={timestamp},v1={expected}", hook.Headers["Herald-Signature"]);
            var payload = JsonDocument.Parse(hook.Body).RootElement;
            Assert.Equal(hook.Headers["Herald-Event"], payload.GetProperty("event").GetString());
            Assert.Equal("hooked", payload.GetProperty("article").GetProperty("slug").GetString());
            Assert.Equal("/world/hooked", payload.GetProperty("article").GetProperty("path").GetString());
        }
        Assert.All(await site.Get<WebhookStore>().DeliveriesAsync(ct: Ct), d => Assert.Equal(("delivered", 200), (d.Status, d.LastStatusCode)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_receiver_that_fails_twice_gets_the_event_on_the_third_try_and_never_again(string database)
    {
        await using var receiver = await Receiver.StartAsync(500, 503, 200);
        var clock = new FakeTimeProvider(Start);
        await using var site = await TestSite.StartAsync(database, clock);
        await site.Get<WebhookStore>().AddAsync(receiver.Url, [WebhookEvents.ArticlePublished], Ct);
        await site.PublishAsync(Samples.Article("flaky"));
        var dispatcher = site.Get<WebhookDispatcher>();

        var store = site.Get<WebhookStore>();
        // An attempt is over when its outcome is written (the lease released); only then may time move on.
        async Task AttemptAsync(int n)
        {
            await dispatcher.RunDueAsync(Ct);
            await UntilAsync(() => store.DeliveriesAsync(ct: Ct).GetAwaiter().GetResult().Single() is { LockedUntil: null } d && d.Attempts >= n, $"attempt {n}");
        }

        await AttemptAsync(1);
        Assert.Equal(0, await dispatcher.RunDueAsync(Ct)); // backing off: nothing is due yet
        clock.Advance(WebhookDispatcher.Backoff(1));
        await AttemptAsync(2);
        clock.Advance(WebhookDispatcher.Backoff(2));
        await AttemptAsync(3);

        clock.Advance(TimeSpan.FromHours(12));
        await dispatcher.RunDueAsync(Ct);
        await Task.Delay(300, Ct);
        Assert.Equal(3, receiver.Received.Count);
        Assert.Single(receiver.Received.Select(r => r.Headers["Herald-Delivery"]).Distinct());
        var delivery = Assert.Single(await site.Get<WebhookStore>().DeliveriesAsync(ct: Ct));
        Assert.Equal(("delivered", 3, 200), (delivery.Status, delivery.Attempts, delivery.LastStatusCode));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_receiver_that_always_fails_is_given_up_after_the_last_attempt(string database)
    {
        await using var receiver = await Receiver.StartAsync(500);
        var clock = new FakeTimeProvider(Start);
        await using var site = await TestSite.StartAsync(database, clock);
        await site.Get<WebhookStore>().AddAsync(receiver.Url, [WebhookEvents.ArticlePublished], Ct);
        await site.PublishAsync(Samples.Article("doomed"));
        var dispatcher = site.Get<WebhookDispatcher>();
        // The background loop also wakes when the fake clock moves; whoever claims the
        // delivery sends it. Each round waits for an attempt's outcome before moving time on.
        var store = site.Get<WebhookStore>();
        for (var round = 0; round < WebhookDispatcher.MaxAttempts + 2; round++)
        {
            await dispatcher.RunDueAsync(Ct);
            var seen = receiver.Received.Count;
            await UntilAsync(() => store.DeliveriesAsync(ct: Ct).GetAwaiter().GetResult().Single() is { LockedUntil: null } d && d.Attempts >= Math.Min(seen, WebhookDispatcher.MaxAttempts), $"round {round}");
            clock.Advance(TimeSpan.FromHours(7));
        }
        await dispatcher.RunDueAsync(Ct);
        await Task.Delay(200, Ct);
        var delivery = Assert.Single(await site.Get<WebhookStore>().DeliveriesAsync(ct: Ct));
        Assert.Equal(("failed", WebhookDispatcher.MaxAttempts, 500), (delivery.Status, delivery.Attempts, delivery.LastStatusCode));
        Assert.Equal(WebhookDispatcher.MaxAttempts, receiver.Received.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Endpoints_only_hear_the_events_they_chose(string database)
    {
        await using var receiver = await Receiver.StartAsync(200);
        await using var site = await TestSite.StartAsync(database, new FakeTimeProvider(Start));
        await site.Get<WebhookStore>().AddAsync(receiver.Url, [WebhookEvents.ArticleUnpublished], Ct);
        await site.PublishAsync(Samples.Article("quiet"));
        await site.PublishAsync(Samples.Article("quiet", title: "Changed"));
        await site.Get<WebhookDispatcher>().RunDueAsync(Ct);
        Assert.Empty(await site.Get<WebhookStore>().DeliveriesAsync(ct: Ct));
    }

    [Fact]
    public void Backoff_grows_exponentially_up_to_six_hours()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), WebhookDispatcher.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(60), WebhookDispatcher.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(120), WebhookDispatcher.Backoff(3));
        Assert.Equal(TimeSpan.FromHours(6), WebhookDispatcher.Backoff(20));
    }
}
