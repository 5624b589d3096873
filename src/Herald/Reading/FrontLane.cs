using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Herald.Reading;

// The front lane: Kestrel's transport for plain HTTP on Linux, which answers front-cache
// hits on the socket itself and hands every other connection to Kestrel untouched.
//
// A front-cache hit through Kestrel costs .NET's socket machinery (its epoll thread, the
// thread pool, Kestrel's pipes, the request's HttpContext) several times what the hit
// itself costs: on one core bare Kestrel serving bytes from memory reached 43 % of nginx
// serving them from a file. Here each core has one thread on its own epoll set. It reads
// what a connection sent and, while the requests are ones the front cache would answer
// as they stand (FrontLaneRequest: an anonymous GET of a path without a query) and the
// cache holds a fresh page for them, writes the kept status, headers and bytes in one
// system call, plus Date and Age (or the front cache's 304 when If-None-Match matches).
// The first request it does not answer (a miss, a signed-in reader, a POST, a HEAD, a date
// as the only validator, a request it does not fully recognise, TLS) hands the connection
// to Kestrel (SocketConnectionContextFactory), which serves it and
// everything after it through the whole pipeline, exactly as if Kestrel had accepted it:
// until its first hit the lane only peeks at a connection (MSG_PEEK), so nothing is taken
// from the socket; after that, what it already read is handed over ahead of the socket's
// bytes (Replayed).
//
// Kestrel's limits for the connections it serves are its own; on the lane a connection
// idle for Kestrel's keep-alive timeout is closed, as Kestrel would, and Kestrel's limit on
// open connections (MaxConcurrentConnections) counts the lane's connections and the ones it
// handed over alike: one over it is closed as soon as it is accepted, as Kestrel does. Hits are counted in
// herald.pages.requests, not in ASP.NET's request metrics, which only see the pipeline.
// Herald:FrontLane=false, Herald:OutputCache=false, another OS or another processor
// leaves Kestrel's own socket transport in place.
public sealed partial class FrontLane(
    FrontCache cache,
    IOptions<SocketTransportOptions> socketOptions,
    IOptions<KestrelServerOptions> kestrelOptions,
    IConfiguration configuration,
    ILoggerFactory loggers,
    TimeProvider clock) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private readonly FrontCache frontCache = cache;
    private readonly TimeProvider time = clock;
    private long served;

    // Responses the lane wrote itself (tests and diagnostics).
    public long Served => Interlocked.Read(ref served);

    public static bool Wanted(IConfiguration configuration) =>
        OperatingSystem.IsLinux() &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64 &&
        configuration.GetValue("Herald:OutputCache", true) &&
        configuration.GetValue("Herald:FrontLane", true);

    // Registered after Kestrel's socket transport, so Kestrel asks this one first.
    public static void Add(WebApplicationBuilder builder)
    {
        if (Wanted(builder.Configuration))
        {
            builder.Services.AddSingleton<FrontLane>();
            builder.Services.AddSingleton<IConnectionListenerFactory>(s => s.GetRequiredService<FrontLane>());
        }
    }

    public bool CanBind(EndPoint endpoint) => endpoint is IPEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var ip = (IPEndPoint)endpoint;
        var options = socketOptions.Value;
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            try
            {
                socket.Bind(ip);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new AddressInUseException(e.Message, e);
            }
            socket.Listen(options.Backlog);
            // The loops accept with accept4 on the descriptor; one that loses a race must not block.
            socket.Blocking = false;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var factory = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions
        {
            IOQueueCount = options.IOQueueCount,
            WaitForDataBeforeAllocatingBuffer = options.WaitForDataBeforeAllocatingBuffer,
            MaxReadBufferSize = options.MaxReadBufferSize,
            MaxWriteBufferSize = options.MaxWriteBufferSize,
            UnsafePreferInlineScheduling = options.UnsafePreferInlineScheduling,
        }, loggers.CreateLogger<FrontLane>());
        var server = kestrelOptions.Value;
        var settings = new Settings(
            Encoding.ASCII.GetBytes(Herald.Accounts.AccountsSetup.CookieName),
            ReadingSetup.Forwarded(configuration),
            options.NoDelay,
            server.AddServerHeader,
            (long)server.Limits.KeepAliveTimeout.TotalMilliseconds,
            server.Limits.MaxConcurrentConnections);
        return ValueTask.FromResult<IConnectionListener>(new Listener(this, socket, factory, settings, loggers.CreateLogger<FrontLane>()));
    }

    // MaxConnections: Kestrel's limit on open connections, if one is set (see Listener.Admit).
    private sealed record Settings(byte[] SignInCookie, ForwardedHeadersOptions? Forwarded, bool NoDelay, bool ServerHeader, long IdleMs, long? MaxConnections);

    // Whether ASP.NET's forwarded-headers middleware would take this peer's X-Forwarded-*
    // headers: the same check it makes (a known proxy or network, IPv4 also as mapped IPv6).
    public static bool Trusts(ForwardedHeadersOptions forwarded, IPAddress peer)
    {
        if (peer.IsIPv4MappedToIPv6 && Trusts(forwarded, peer.MapToIPv4()))
        {
            return true;
        }
        return forwarded.KnownProxies.Contains(peer) || forwarded.KnownIPNetworks.Any(network => network.Contains(peer));
    }

    // The head of a lane response up to Date and Age, which change per request: the status
    // line, Content-Length, the headers the front cache sends the page with through Kestrel
    // (FrontCache.FieldsOf: the same list) and Kestrel's Server header. Empty when a value is
    // not plain ASCII (Kestrel would refuse to send it): such a page is left to Kestrel.
    private static byte[] Head(FrontCache.Entry entry, FrontCache.Variant variant, bool serverHeader, bool notModified)
    {
        var text = new StringBuilder(notModified ? "HTTP/1.1 304 Not Modified\r\n" : "HTTP/1.1 200 OK\r\n");
        if (!notModified)
        {
            text.Append("Content-Length: ").Append(variant.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        foreach (var (name, values) in FrontCache.FieldsOf(entry, variant, notModified))
        {
            foreach (var value in values)
            {
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
        if (serverHeader)
        {
            text.Append("Server: Kestrel\r\n");
        }
        var head = text.ToString();
        foreach (var c in head)
        {
            if (c is > (char)0x7E || (c < ' ' && c is not '\r' and not '\n' and not '\t'))
            {
                return [];
            }
        }
        return Encoding.ASCII.GetBytes(head);
    }
}
