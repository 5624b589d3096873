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

// Sends plain-text e-mail through the configured SMTP server (Herald:Smtp:*). Without
// one, messages are written to <data>/outbox as .eml files so nothing is silently lost.
public sealed class Mailer(HeraldOptions options, ILogger<Mailer> logger)
{
    public bool Configured => !string.IsNullOrWhiteSpace(options.Smtp.Host);

    public async Task SendAsync(string to, string subject, string body, CancellationToken ct = default)
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
            await message.WriteToAsync(file, ct);
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
