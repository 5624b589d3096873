using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Channels;
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
// idle for Kestrel's keep-alive timeout is closed, as Kestrel would. Hits are counted in
// herald.pages.requests, not in ASP.NET's request metrics, which only see the pipeline.
// Herald:FrontLane=false, Herald:OutputCache=false, another OS or another processor
// leaves Kestrel's own socket transport in place.
public sealed class FrontLane(
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
            (long)server.Limits.KeepAliveTimeout.TotalMilliseconds);
        return ValueTask.FromResult<IConnectionListener>(new Listener(this, socket, factory, settings, loggers.CreateLogger<FrontLane>()));
    }

    private sealed record Settings(byte[] SignInCookie, ForwardedHeadersOptions? Forwarded, bool NoDelay, bool ServerHeader, long IdleMs);

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
    // line, Content-Length, the kept headers and Kestrel's Server header; for a 304 what the
    // front cache sends through Kestrel (no Content-Type, no length). Empty when a value is
    // not plain ASCII (Kestrel would refuse to send it): such a page is left to Kestrel.
    private static byte[] Head(FrontCache.Entry entry, bool serverHeader, bool notModified)
    {
        var text = new StringBuilder(notModified ? "HTTP/1.1 304 Not Modified\r\n" : "HTTP/1.1 200 OK\r\n");
        if (!notModified)
        {
            text.Append("Content-Length: ").Append(entry.Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        foreach (var (name, values) in entry.Headers)
        {
            if (notModified && string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
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

    private sealed class Listener : IConnectionListener
    {
        private readonly Socket socket;
        private readonly SocketConnectionContextFactory factory;
        private readonly Channel<ConnectionContext> handed = Channel.CreateUnbounded<ConnectionContext>();
        private readonly Loop[] loops;
        private int stopped;

        public Listener(FrontLane lane, Socket socket, SocketConnectionContextFactory factory, Settings settings, ILogger logger)
        {
            this.socket = socket;
            this.factory = factory;
            EndPoint = socket.LocalEndPoint!;
            loops = new Loop[Math.Max(1, Environment.ProcessorCount)];
            for (var i = 0; i < loops.Length; i++)
            {
                loops[i] = new Loop(lane, this, (int)socket.Handle, settings, logger, i);
            }
        }

        public EndPoint EndPoint { get; }

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            while (await handed.Reader.WaitToReadAsync(cancellationToken))
            {
                if (handed.Reader.TryRead(out var connection))
                {
                    return connection;
                }
            }
            return null;
        }

        // Called on a loop's thread: the connection goes to Kestrel, or is closed when
        // Kestrel no longer accepts.
        public void Hand(int fd, byte[]? replay)
        {
            var connection = factory.Create(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
            if (replay is not null)
            {
                connection.Transport = new Replayed(replay, connection.Transport);
            }
            if (!handed.Writer.TryWrite(connection))
            {
                connection.Abort();
                _ = connection.DisposeAsync().AsTask();
            }
        }

        // Kestrel stops accepting: the lane closes its own connections (between responses;
        // a response the socket had not yet taken whole is cut off) and the listening socket.
        public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref stopped, 1) == 0)
            {
                foreach (var loop in loops)
                {
                    loop.Stop();
                }
                socket.Dispose();
                handed.Writer.TryComplete();
            }
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            await UnbindAsync();
            // Handed over after Kestrel's last accept: never Kestrel's, so closed here.
            while (handed.Reader.TryRead(out var connection))
            {
                connection.Abort();
                await connection.DisposeAsync();
            }
            factory.Dispose();
        }
    }

    // One thread and its epoll set. Connections stay with the loop that accepted them.
    private sealed unsafe class Loop
    {
        private const int Events = 128;
        private readonly FrontLane lane;
        private readonly Listener listener;
        private readonly int listenFd;
        private readonly Settings settings;
        private readonly ILogger logger;
        private readonly int epoll;
        private readonly int wake;
        private readonly Dictionary<int, Connection> connections = [];
        private readonly byte[] input = GC.AllocateUninitializedArray<byte>(32 * 1024, pinned: true);
        private readonly byte[] drain = GC.AllocateUninitializedArray<byte>(4 * 1024, pinned: true);
        private readonly byte[] tail = GC.AllocateUninitializedArray<byte>(128, pinned: true);
        private readonly byte[] events = GC.AllocateUninitializedArray<byte>(Events * Native.EventSize, pinned: true);
        private readonly Thread thread;
        private volatile bool stopping;
        private long dateSecond = -1;
        private int dateLength;

        public Loop(FrontLane lane, Listener listener, int listenFd, Settings settings, ILogger logger, int index)
        {
            this.lane = lane;
            this.listener = listener;
            this.listenFd = listenFd;
            this.settings = settings;
            this.logger = logger;
            epoll = Native.Check(Native.epoll_create1(Native.EPOLL_CLOEXEC), "epoll_create1");
            wake = Native.Check(Native.eventfd(0, Native.EFD_NONBLOCK | Native.EFD_CLOEXEC), "eventfd");
            Native.Check(Native.Control(epoll, Native.EPOLL_CTL_ADD, wake, Native.EPOLLIN, ulong.MaxValue), "epoll_ctl");
            // Every loop waits on the listening socket; EPOLLEXCLUSIVE wakes one of them per connection.
            Native.Check(Native.Control(epoll, Native.EPOLL_CTL_ADD, listenFd, Native.EPOLLIN | Native.EPOLLEXCLUSIVE, ulong.MaxValue - 1), "epoll_ctl");
            thread = new Thread(Run) { IsBackground = true, Name = $"Herald front lane {index}" };
            thread.Start();
        }

        public void Stop()
        {
            stopping = true;
            ulong one = 1;
            Native.write(wake, &one, 8);
            thread.Join();
            // Closed only here, after the thread: a descriptor closed earlier could be reused by
            // the time the wake-up above is written to it.
            _ = Native.close(wake);
            _ = Native.close(epoll);
        }

        private sealed class Connection(int fd)
        {
            public readonly int Fd = fd;
            public long LastMs;
            // Has the lane answered a request on it yet? Until then it only peeks.
            public bool Answered;
            // A proxy whose X-Forwarded-Proto sets the scheme (Trusts).
            public bool Trusted;
            // A response the socket did not take whole (its head with Date and Age, and the
            // page itself, not copied), how much of it went, and what the client sent after it.
            public byte[]? PendingHead;
            public byte[]? PendingBody;
            public int PendingFrom;
            public byte[]? Unread;
        }

        private void Run()
        {
            var lastSweep = Now();
            try
            {
                while (!stopping)
                {
                    int count;
                    fixed (byte* buffer = events)
                    {
                        count = Native.epoll_wait(epoll, buffer, Events, 1000);
                    }
                    if (count < 0)
                    {
                        var error = Marshal.GetLastPInvokeError();
                        if (error == Native.EINTR)
                        {
                            continue;
                        }
                        throw new IOException($"epoll_wait failed with errno {error}");
                    }
                    for (var i = 0; i < count && !stopping; i++)
                    {
                        var (flags, data) = Native.Event(events, i);
                        if (data == ulong.MaxValue)
                        {
                            continue;
                        }
                        if (data == ulong.MaxValue - 1)
                        {
                            Accept();
                            continue;
                        }
                        if (!connections.TryGetValue((int)data, out var connection))
                        {
                            continue;
                        }
                        try
                        {
                            if (connection.PendingHead is not null)
                            {
                                Flush(connection);
                            }
                            else
                            {
                                Receive(connection);
                            }
                        }
                        catch (Exception e)
                        {
                            logger.LogWarning(e, "The front lane closed a connection after an error");
                            Close(connection);
                        }
                    }
                    var now = Now();
                    if (now - lastSweep >= 1000)
                    {
                        lastSweep = now;
                        Sweep(now);
                    }
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "The front lane stopped");
            }
            finally
            {
                foreach (var connection in connections.Values.ToList())
                {
                    Close(connection);
                }
            }
        }

        private long Now() => lane.time.GetUtcNow().ToUnixTimeMilliseconds();

        private void Accept()
        {
            while (!stopping)
            {
                var fd = Native.accept4(listenFd, null, null, Native.SOCK_NONBLOCK | Native.SOCK_CLOEXEC);
                if (fd < 0)
                {
                    var error = Marshal.GetLastPInvokeError();
                    if (error is Native.EINTR or Native.ECONNABORTED)
                    {
                        continue;
                    }
                    if (error != Native.EAGAIN)
                    {
                        logger.LogWarning("The front lane could not accept a connection (errno {Errno})", error);
                    }
                    return;
                }
                if (settings.NoDelay)
                {
                    var one = 1;
                    _ = Native.setsockopt(fd, Native.IPPROTO_TCP, Native.TCP_NODELAY, &one, sizeof(int));
                }
                var connection = new Connection(fd) { LastMs = Now(), Trusted = settings.Forwarded is { } forwarded && Native.Peer(fd) is { } peer && Trusts(forwarded, peer) };
                if (Native.Control(epoll, Native.EPOLL_CTL_ADD, fd, Native.EPOLLIN, (ulong)fd) != 0)
                {
                    _ = Native.close(fd);
                    continue;
                }
                connections[fd] = connection;
            }
        }

        private void Receive(Connection connection)
        {
            var peek = !connection.Answered;
            long read;
            fixed (byte* buffer = input)
            {
                read = Native.recv(connection.Fd, buffer, input.Length, peek ? Native.MSG_PEEK : 0);
            }
            if (read <= 0)
            {
                if (read < 0 && Marshal.GetLastPInvokeError() is Native.EAGAIN or Native.EINTR)
                {
                    return;
                }
                Close(connection);
                return;
            }
            connection.LastMs = Now();
            Serve(connection, input.AsSpan(0, (int)read), peek);
        }

        // Answers the requests in data from the cache, in order, until one it cannot answer:
        // that one and everything after it go to Kestrel. Peeked data is still in the socket,
        // so each answered request is taken from it and the rest stays there for Kestrel.
        private void Serve(Connection connection, ReadOnlySpan<byte> data, bool peeked)
        {
            var at = 0;
            while (at < data.Length)
            {
                var head = FrontLaneRequest.Read(data[at..], settings.SignInCookie, connection.Trusted);
                var response = head.Kind == FrontLaneRequest.Kind.Eligible ? Find(data[at..], head) : null;
                if (response is not { } found)
                {
                    HandOver(connection, peeked ? null : data[at..].ToArray());
                    return;
                }
                var (entry, laneHead, body) = found;
                if (peeked)
                {
                    Take(connection, head.Length);
                }
                at += head.Length;
                connection.Answered = true;
                if (!Respond(connection, entry, laneHead, body))
                {
                    return;
                }
                if (connection.PendingHead is not null)
                {
                    // The socket is full: the rest waits until it has taken this response.
                    if (!peeked && at < data.Length)
                    {
                        connection.Unread = data[at..].ToArray();
                    }
                    return;
                }
            }
        }

        // The kept page for the request and what to send of it (a 304 when the request's
        // validators match its ETag, as the front cache decides), or null for Kestrel.
        private (FrontCache.Entry Entry, byte[] Head, byte[] Body)? Find(ReadOnlySpan<byte> request, FrontLaneRequest.Head head)
        {
            var entry = lane.frontCache.Find(head.Https, Encoding.ASCII.GetString(request[head.Host]), Encoding.ASCII.GetString(request[head.Path]), Now());
            if (entry is null)
            {
                return null;
            }
            var notModified = false;
            if (head.IfNoneMatch is { } validators)
            {
                if (entry.ETag is null)
                {
                    return null;
                }
                notModified = FrontCache.Matches(Encoding.ASCII.GetString(request[validators]), entry.ETag);
            }
            var laneHead = notModified
                ? entry.LaneNotModifiedHead ??= Head(entry, settings.ServerHeader, notModified: true)
                : entry.LaneHead ??= Head(entry, settings.ServerHeader, notModified: false);
            return laneHead.Length > 0 ? (entry, laneHead, notModified ? [] : entry.Body) : null;
        }

        // Takes an answered request's bytes out of the socket after peeking at them.
        private void Take(Connection connection, int length)
        {
            fixed (byte* buffer = drain)
            {
                while (length > 0)
                {
                    var read = Native.recv(connection.Fd, buffer, Math.Min(length, drain.Length), 0);
                    if (read <= 0)
                    {
                        throw new IOException("a peeked request could not be read again");
                    }
                    length -= (int)read;
                }
            }
        }

        // Writes the response; false when the connection had to be closed.
        private bool Respond(Connection connection, FrontCache.Entry entry, byte[] head, byte[] body)
        {
            var now = Now();
            var tailLength = Tail(now, (now - entry.BornMs) / 1000);
            long total = head.Length + tailLength + body.Length;
            long written;
            // Counted first: the reader may have the response before this thread runs on.
            Interlocked.Increment(ref lane.served);
            fixed (byte* h = head)
            fixed (byte* t = tail)
            fixed (byte* b = body)
            {
                var parts = stackalloc Native.IoVec[3];
                parts[0] = new Native.IoVec(h, head.Length);
                parts[1] = new Native.IoVec(t, tailLength);
                parts[2] = new Native.IoVec(b, body.Length);
                written = Native.Send(connection.Fd, parts, 3);
            }
            if (written < 0)
            {
                if (Marshal.GetLastPInvokeError() is not (Native.EAGAIN or Native.EINTR))
                {
                    Close(connection);
                    return false;
                }
                written = 0;
            }
            if (written == total)
            {
                return true;
            }
            var start = new byte[head.Length + tailLength];
            head.CopyTo(start, 0);
            tail.AsSpan(0, tailLength).CopyTo(start.AsSpan(head.Length));
            connection.PendingHead = start;
            connection.PendingBody = body;
            connection.PendingFrom = (int)written;
            Native.Control(epoll, Native.EPOLL_CTL_MOD, connection.Fd, Native.EPOLLOUT, (ulong)connection.Fd);
            return true;
        }

        // The rest of a response the socket would not take at once; then what waited behind it.
        private void Flush(Connection connection)
        {
            var start = connection.PendingHead!;
            var body = connection.PendingBody!;
            var from = connection.PendingFrom;
            long written;
            fixed (byte* h = start)
            fixed (byte* b = body)
            {
                var parts = stackalloc Native.IoVec[2];
                var count = 0;
                if (from < start.Length)
                {
                    parts[count++] = new Native.IoVec(h + from, start.Length - from);
                    parts[count++] = new Native.IoVec(b, body.Length);
                }
                else
                {
                    parts[count++] = new Native.IoVec(b + (from - start.Length), body.Length - (from - start.Length));
                }
                written = Native.Send(connection.Fd, parts, count);
            }
            if (written < 0)
            {
                if (Marshal.GetLastPInvokeError() is not (Native.EAGAIN or Native.EINTR))
                {
                    Close(connection);
                }
                return;
            }
            connection.LastMs = Now();
            connection.PendingFrom += (int)written;
            if (connection.PendingFrom < start.Length + body.Length)
            {
                return;
            }
            connection.PendingHead = null;
            connection.PendingBody = null;
            Native.Control(epoll, Native.EPOLL_CTL_MOD, connection.Fd, Native.EPOLLIN, (ulong)connection.Fd);
            if (connection.Unread is { } unread)
            {
                connection.Unread = null;
                Serve(connection, unread, peeked: false);
            }
        }

        private void HandOver(Connection connection, byte[]? replay)
        {
            connections.Remove(connection.Fd);
            Native.Control(epoll, Native.EPOLL_CTL_DEL, connection.Fd, 0, 0);
            try
            {
                listener.Hand(connection.Fd, replay);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The front lane could not hand a connection to Kestrel");
                _ = Native.close(connection.Fd);
            }
        }

        private void Close(Connection connection)
        {
            if (connections.Remove(connection.Fd))
            {
                _ = Native.close(connection.Fd);
            }
        }

        // Connections idle for Kestrel's keep-alive timeout are closed, as Kestrel would.
        private void Sweep(long now)
        {
            foreach (var connection in connections.Values.Where(c => now - c.LastMs > settings.IdleMs).ToList())
            {
                Close(connection);
            }
        }

        // "Date: ...\r\nAge: n\r\n\r\n" into tail; the date is written once a second.
        private int Tail(long now, long age)
        {
            var second = now / 1000;
            if (second != dateSecond)
            {
                dateSecond = second;
                var date = "Date: " + DateTimeOffset.FromUnixTimeSeconds(second).ToString("r", CultureInfo.InvariantCulture) + "\r\nAge: ";
                dateLength = Encoding.ASCII.GetBytes(date, tail);
            }
            var span = tail.AsSpan(dateLength);
            Math.Max(0, age).TryFormat(span, out var digits, default, CultureInfo.InvariantCulture);
            "\r\n\r\n"u8.CopyTo(span[digits..]);
            return dateLength + digits + 4;
        }
    }

    // What the lane read from a connection before handing it over, given to Kestrel ahead of
    // the socket's own bytes.
    private sealed class Replayed : IDuplexPipe
    {
        private readonly Pipe pipe = new(new PipeOptions(useSynchronizationContext: false));

        public Replayed(byte[] replay, IDuplexPipe socket)
        {
            Output = socket.Output;
            pipe.Writer.Write(replay);
            _ = PumpAsync(socket.Input);
        }

        public PipeReader Input => pipe.Reader;

        public PipeWriter Output { get; }

        private async Task PumpAsync(PipeReader socket)
        {
            Exception? error = null;
            try
            {
                var flushed = await pipe.Writer.FlushAsync();
                if (!flushed.IsCompleted)
                {
                    await socket.CopyToAsync(pipe.Writer);
                }
            }
            catch (Exception e)
            {
                error = e;
            }
            await pipe.Writer.CompleteAsync(error);
            await socket.CompleteAsync();
        }
    }

    private static unsafe class Native
    {
        public const int EPOLL_CLOEXEC = 0x80000;
        public const int EPOLL_CTL_ADD = 1;
        public const int EPOLL_CTL_DEL = 2;
        public const int EPOLL_CTL_MOD = 3;
        public const uint EPOLLIN = 0x1;
        public const uint EPOLLOUT = 0x4;
        public const uint EPOLLEXCLUSIVE = 1u << 28;
        public const int EFD_NONBLOCK = 0x800;
        public const int EFD_CLOEXEC = 0x80000;
        public const int SOCK_NONBLOCK = 0x800;
        public const int SOCK_CLOEXEC = 0x80000;
        public const int MSG_PEEK = 0x2;
        public const int MSG_NOSIGNAL = 0x4000;
        public const int IPPROTO_TCP = 6;
        public const int TCP_NODELAY = 1;
        public const int EINTR = 4;
        public const int EAGAIN = 11;
        public const int ECONNABORTED = 103;

        // struct epoll_event is packed on x86-64 (4 + 8 bytes) and aligned elsewhere (4 + 4 + 8).
        private static readonly bool Packed = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        public static readonly int EventSize = Packed ? 12 : 16;

        public static (uint Flags, ulong Data) Event(byte[] events, int index)
        {
            var at = index * EventSize;
            return (BitConverter.ToUInt32(events, at), BitConverter.ToUInt64(events, at + (Packed ? 4 : 8)));
        }

        public static int Control(int epoll, int op, int fd, uint flags, ulong data)
        {
            var item = stackalloc byte[16];
            *(uint*)item = flags;
            *(ulong*)(item + (Packed ? 4 : 8)) = data;
            return epoll_ctl(epoll, op, fd, item);
        }

        public static int Check(int result, string call) =>
            result >= 0 ? result : throw new IOException($"{call} failed with errno {Marshal.GetLastPInvokeError()}");

        [StructLayout(LayoutKind.Sequential)]
        public readonly struct IoVec(byte* start, long length)
        {
            public readonly byte* Start = start;
            public readonly nint Length = (nint)length;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct MessageHeader
        {
            public void* Name;
            public int NameLength;
            public IoVec* Parts;
            public nint PartCount;
            public void* Control;
            public nint ControlLength;
            public int Flags;
        }

        // sendmsg without SIGPIPE: a reader who went away is an error code, not a signal.
        public static long Send(int fd, IoVec* parts, int count)
        {
            var message = new MessageHeader { Parts = parts, PartCount = count };
            return sendmsg(fd, &message, MSG_NOSIGNAL);
        }

        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_create1(int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern int epoll_ctl(int epoll, int op, int fd, byte* item);

        [DllImport("libc", SetLastError = true)]
        public static extern int epoll_wait(int epoll, byte* events, int max, int timeoutMs);

        [DllImport("libc", SetLastError = true)]
        public static extern int eventfd(uint initial, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int accept4(int fd, void* address, void* length, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern long recv(int fd, byte* buffer, long length, int flags);

        [DllImport("libc", SetLastError = true)]
        private static extern long sendmsg(int fd, MessageHeader* message, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern long write(int fd, void* buffer, long length);

        [DllImport("libc", SetLastError = true)]
        public static extern int setsockopt(int fd, int level, int name, void* value, int length);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int getpeername(int fd, byte* address, int* length);

        // The connection's remote address (sockaddr_in or sockaddr_in6), or null.
        public static IPAddress? Peer(int fd)
        {
            var address = stackalloc byte[128];
            var length = 128;
            if (getpeername(fd, address, &length) != 0)
            {
                return null;
            }
            return *(ushort*)address switch
            {
                2 => new IPAddress(new ReadOnlySpan<byte>(address + 4, 4)),
                10 => new IPAddress(new ReadOnlySpan<byte>(address + 8, 16)),
                _ => null,
            };
        }
    }
}
