using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Herald.Reading;

// One loop of the front lane: a thread on its own epoll set that accepts, reads, answers
// front-cache hits and hands every other connection over.
public sealed partial class FrontLane
{
    // One thread and its epoll set. Connections stay with the loop that accepted them.
    private sealed unsafe class Loop
    {
        private const int Events = 128;
        // What an epoll event carries for the two descriptors that are not connections.
        private const ulong WakeMark = ulong.MaxValue;
        private const ulong ListenMark = ulong.MaxValue - 1;
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
            Native.Check(Native.Control(epoll, Native.EPOLL_CTL_ADD, wake, Native.EPOLLIN, WakeMark), "epoll_ctl");
            // Every loop waits on the listening socket; EPOLLEXCLUSIVE wakes one of them per connection.
            Native.Check(Native.Control(epoll, Native.EPOLL_CTL_ADD, listenFd, Native.EPOLLIN | Native.EPOLLEXCLUSIVE, ListenMark), "epoll_ctl");
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
            // Has the lane answered a request on it yet? Until then it only peeks.
            public bool Answered;
            // A proxy whose X-Forwarded-Proto sets the scheme (Trusts).
            public bool Trusted;
            // When it last sent or took bytes: also the time its responses are dated by.
            public long LastMs;
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
                        var data = Native.Data(events, i);
                        if (data == WakeMark)
                        {
                            continue;
                        }
                        if (data == ListenMark)
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
                if (!listener.Admit())
                {
                    _ = Native.close(fd);
                    continue;
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
                    listener.Closed();
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
                var response = head.Kind == FrontLaneRequest.Kind.Eligible ? Find(data[at..], head, connection.LastMs) : null;
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
        private (FrontCache.Entry Entry, byte[] Head, byte[] Body)? Find(ReadOnlySpan<byte> request, FrontLaneRequest.Head head, long now)
        {
            var entry = lane.frontCache.Find(head.Https, Encoding.ASCII.GetString(request[head.Host]), Encoding.ASCII.GetString(request[head.Path]), now);
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
            var variant = entry.For(entry.Variants.Length > 1 && head.AcceptEncoding is { } accepted ? Compression.Choose(request[accepted]) : PageEncoding.Identity);
            var laneHead = notModified
                ? variant.LaneNotModifiedHead ??= Head(entry, variant, settings.ServerHeader, notModified: true)
                : variant.LaneHead ??= Head(entry, variant, settings.ServerHeader, notModified: false);
            return laneHead.Length > 0 ? (entry, laneHead, notModified ? [] : variant.Body) : null;
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
            var now = connection.LastMs;
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
                listener.Closed();
            }
        }

        private void Close(Connection connection)
        {
            if (connections.Remove(connection.Fd))
            {
                _ = Native.close(connection.Fd);
                listener.Closed();
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
}
