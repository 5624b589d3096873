using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Herald.Tests.Support;

// A real SMTP server on 127.0.0.1 (the SmtpServer library) that keeps what it receives.
public sealed class MailCatcher : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public int Port { get; }

    public MailCatcher(int? port = null)
    {
        Port = port ?? FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public (string Key, string? Value)[] Settings =>
        [("Herald:Smtp:Host", "127.0.0.1"), ("Herald:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Herald:Smtp:From", "Herald <desk@herald.invalid>")];

    public async Task<MimeMessage> WaitForAsync(string to, string subjectContains)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            var found = Messages.FirstOrDefault(m => m.To.Mailboxes.Any(a => a.Address == to) && (m.Subject ?? "").Contains(subjectContains, StringComparison.Ordinal));
            if (found is not null)
            {
                return found;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"no e-mail to {to} about \"{subjectContains}\"; got: {string.Join(", ", Messages.Select(m => m.Subject))}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
        stop.Dispose();
    }

    private sealed class Store(MailCatcher catcher) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            catcher.Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
