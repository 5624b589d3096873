using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Herald.Data;

namespace Herald.Webhooks;

public static class WebhookEvents
{
    public const string ArticlePublished = "article.published";
    public const string ArticleUpdated = "article.updated";
    public const string ArticleUnpublished = "article.unpublished";
    public const string CommentApproved = "comment.approved";

    public static readonly IReadOnlyList<string> All = [ArticlePublished, ArticleUpdated, ArticleUnpublished, CommentApproved];
}

public sealed class WebhookEndpoint
{
    public long Id { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public string Events { get; init; } = "";
    public bool Active { get; init; }
    public long CreatedAt { get; init; }
}

public sealed class WebhookDelivery
{
    public long Id { get; init; }
    public long EndpointId { get; init; }
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";
    public string EventId { get; init; } = "";
    public string Event { get; init; } = "";
    public string Payload { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public long NextAttemptAt { get; init; }
    public long? LockedUntil { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public long CreatedAt { get; init; }
    public long? FinishedAt { get; init; }
}

// Registration and queueing. Queueing runs inside the caller's transaction, so an
// event is queued exactly when the change that causes it commits.
public sealed class WebhookStore(Db db, TimeProvider clock)
{
    public async Task<WebhookEndpoint> AddAsync(string url, IReadOnlyCollection<string> events, CancellationToken ct = default)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleAsync<WebhookEndpoint>(
            """
            INSERT INTO webhook_endpoints (url, secret, events, active, created_at) VALUES (@url, @secret, @events, 1, @now)
            RETURNING id, url, secret, events, active, created_at
            """, new { url, secret, events = string.Join(' ', events), now = clock.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    public async Task<bool> DeactivateAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE webhook_endpoints SET active = 0 WHERE id = @id", new { id }) == 1;
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> EndpointsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<WebhookEndpoint>("SELECT id, url, secret, events, active, created_at FROM webhook_endpoints ORDER BY id")).ToList();
    }

    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(int limit = 100, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<WebhookDelivery>(
            """
            SELECT d.id, d.endpoint_id, e.url, e.secret, d.event_id, d.event, d.payload, d.status, d.attempts, d.next_attempt_at, d.locked_until,
                   d.last_status_code, d.last_error, d.created_at, d.finished_at
            FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
            ORDER BY d.id DESC LIMIT @limit
            """, new { limit })).ToList();
    }

    // The endpoints an event goes to: active ones whose space-separated list names it.
    private const string Subscribed = "active = 1 AND (' ' || events || ' ') LIKE @pattern";

    private static string Pattern(string? @event) => @event is null ? "%" : $"% {@event} %";

    // Queues one delivery per active endpoint that subscribed to the event. The
    // unique key makes a second queueing of the same event id a no-op.
    public static Task QueueAsync(DbConnection c, DbTransaction tx, string @event, string eventId, string payload, long now) =>
        c.ExecuteAsync(
            $"""
            INSERT INTO webhook_deliveries (endpoint_id, event_id, event, payload, status, attempts, next_attempt_at, created_at)
            SELECT id, @eventId, @event, @payload, 'pending', 0, @now, @now FROM webhook_endpoints
            WHERE {Subscribed}
            ON CONFLICT (endpoint_id, event_id) DO NOTHING
            """, new { @event, eventId, payload, now, pattern = Pattern(@event) }, tx);

    // Whether QueueAsync would queue anything for the event (null: for any event). Most sites
    // have no endpoints; bulk writers ask once per batch and skip building payloads.
    public static async Task<bool> AnySubscribedAsync(DbConnection c, DbTransaction tx, string? @event) =>
        await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM webhook_endpoints WHERE {Subscribed}", new { pattern = Pattern(@event) }, tx) > 0;
}
