using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Herald.Data;

namespace Herald.Webhooks;

// Sends queued deliveries. A delivery is claimed with a conditional UPDATE (a lease),
// so two processes never send the same one at once; a 2xx answer marks it delivered
// and it is never sent again. Other answers are retried with exponential backoff
// until MaxAttempts, then given up. Receivers can de-duplicate on Herald-Delivery.
public sealed class WebhookDispatcher(Db db, IHttpClientFactory httpClients, TimeProvider clock, ILogger<WebhookDispatcher> logger)
{
    public const int MaxAttempts = 8;
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(30 * Math.Pow(2, attempts - 1), TimeSpan.FromHours(6).TotalSeconds));

    // "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>"
    public static string Signature(string secret, long timestamp, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}"));
        return $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    public async Task<int> RunDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        List<long> due;
        await using (var c = await db.OpenAsync(ct))
        {
            due = (await c.QueryAsync<long>(
                """
                SELECT id FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
                ORDER BY next_attempt_at, id LIMIT 20
                """, new { now })).ToList();
        }
        var sent = 0;
        foreach (var id in due)
        {
            if (await ClaimAsync(id, now, ct) is { } delivery)
            {
                await SendAsync(delivery, ct);
                sent++;
            }
        }
        return sent;
    }

    private async Task<WebhookDelivery?> ClaimAsync(long id, long now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var claimed = await c.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET locked_until = @until, attempts = attempts + 1
            WHERE id = @id AND status = 'pending' AND (locked_until IS NULL OR locked_until < @now)
            """, new { id, now, until = now + (long)Lease.TotalMilliseconds });
        if (claimed == 0)
        {
            return null;
        }
        return await c.QuerySingleAsync<WebhookDelivery>(
            """
            SELECT d.id, d.endpoint_id, e.url, e.secret, d.event_id, d.event, d.payload, d.status, d.attempts, d.next_attempt_at,
                   d.last_status_code, d.last_error, d.created_at, d.finished_at
            FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = @id
            """, new { id });
    }

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        int? statusCode = null;
        string? error = null;
        try
        {
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Herald-Event", delivery.Event);
            request.Headers.Add("Herald-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("Herald-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("Herald-Signature", Signature(delivery.Secret, timestamp, delivery.Payload));
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
            statusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"the receiver answered {statusCode}";
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            error = e.Message;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (status, next, finished) = error is null ? ("delivered", now, (long?)now)
            : delivery.Attempts >= MaxAttempts ? ("failed", now, now)
            : ("pending", now + (long)Backoff(delivery.Attempts).TotalMilliseconds, null);
        if (error is not null)
        {
            logger.LogWarning("Webhook delivery {Id} to {Url} failed (attempt {Attempt}): {Error}", delivery.Id, delivery.Url, delivery.Attempts, error);
        }
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET status = @status, next_attempt_at = @next, locked_until = NULL,
                last_status_code = @statusCode, last_error = @error, finished_at = @finished
            WHERE id = @id
            """, new { id = delivery.Id, status, next, statusCode, error, finished });
    }
}
