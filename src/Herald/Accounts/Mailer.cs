using Dapper;
using Herald.Data;
using Herald.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Herald.Accounts;

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool StartTls { get; set; }
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Herald <no-reply@herald.invalid>";
}

// Plain-text e-mail. SendAsync only queues the message in the database (mail_outbox);
// MailLoop delivers it through the configured SMTP server (Herald:Smtp:*), retrying with
// backoff, so an SMTP outage or a restart delays mail but never loses it. Without an SMTP
// server, messages are written to <data>/outbox as .eml files instead.
public sealed class Mailer(Db db, HeraldOptions options, TimeProvider clock, ILogger<Mailer> logger)
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.Smtp.Host);

    public async Task SendAsync(string to, string subject, string body, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(
            """
            INSERT INTO mail_outbox (recipient, subject, body, status, attempts, next_attempt_at, created_at)
            VALUES (@to, @subject, @body, 'pending', 0, @now, @now)
            """, new { to, subject, body, now });
    }

    public async Task DeliverAsync(string to, string subject, string body, CancellationToken ct = default)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        if (!Configured)
        {
            var outbox = Path.Combine(options.DataDir, "outbox");
            Directory.CreateDirectory(outbox);
            var file = Path.Combine(outbox, $"{message.MessageId}.eml");
            // Written aside and renamed, so whoever reads the folder never sees half a message.
            await message.WriteToAsync(file + ".partial", ct);
            File.Move(file + ".partial", file, overwrite: true);
            logger.LogInformation("No SMTP server configured; e-mail to {To} written to {File}", to, file);
            return;
        }
        using var client = new SmtpClient();
        await client.ConnectAsync(options.Smtp.Host!, options.Smtp.Port, options.Smtp.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (options.Smtp.User is { Length: > 0 } user)
        {
            await client.AuthenticateAsync(user, options.Smtp.Password ?? "", ct);
        }
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
    }
}
