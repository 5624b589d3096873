using Dapper;
using Herald.Data;
using Herald.Hosting;

namespace Herald.Accounts;

// Delivers queued e-mail. A message is claimed with a lease (a conditional UPDATE), so two
// nodes never send it at once; failures are retried with growing pauses, then given up.
public sealed class MailLoop(Db db, Mailer mailer, HeraldOptions options, TimeProvider clock, ILogger<MailLoop> logger) : BackgroundService
{
    public const int MaxAttempts = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(options.ChangePollSeconds, 0.2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) > 0)
                {
                }
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (System.Data.Common.DbException e)
            {
                logger.LogError(e, "Mail pass failed; retrying at the next interval");
            }
        }
    }

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        var due = (await c.QueryAsync<long>(
            """
            SELECT id FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until < @now)
            ORDER BY id LIMIT 20
            """, new { now })).ToList();
        var sent = 0;
        foreach (var id in due)
        {
            var claimed = await c.ExecuteAsync(
                "UPDATE mail_outbox SET locked_until = @until, attempts = attempts + 1 WHERE id = @id AND status = 'pending' AND (locked_until IS NULL OR locked_until < @now)",
                new { id, now, until = now + 120_000 });
            if (claimed == 0)
            {
                continue;
            }
            var (to, subject, body, attempts) = await c.QuerySingleAsync<(string, string, string, int)>(
                "SELECT recipient, subject, body, attempts FROM mail_outbox WHERE id = @id", new { id });
            try
            {
                await mailer.DeliverAsync(to, subject, body, ct);
                await c.ExecuteAsync("UPDATE mail_outbox SET status = 'sent', sent_at = @at, locked_until = NULL, last_error = NULL WHERE id = @id",
                    new { id, at = clock.GetUtcNow().ToUnixTimeMilliseconds() });
                sent++;
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.CommandException or MailKit.ProtocolException or MailKit.ServiceNotConnectedException or MailKit.ServiceNotAuthenticatedException or System.Security.Authentication.AuthenticationException or MimeKit.ParseException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                var next = clock.GetUtcNow().ToUnixTimeMilliseconds() + (long)Math.Min(30_000 * Math.Pow(2, attempts - 1), 3_600_000);
                await c.ExecuteAsync(
                    "UPDATE mail_outbox SET status = @status, next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @id",
                    new { id, status = attempts >= MaxAttempts ? "failed" : "pending", next, error = e.Message });
                logger.LogWarning("E-mail {Id} to {To} failed (attempt {Attempt}): {Error}", id, to, attempts, e.Message);
            }
        }
        return sent;
    }
}
