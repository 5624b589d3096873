using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Herald.Reading;

// The front lane's listener: the listening socket, its loops, and the hand-over of
// connections to Kestrel (with what the lane already read replayed first).
public sealed partial class FrontLane
{
    private sealed class Listener : IConnectionListener
    {
        private readonly Socket socket;
        private readonly SocketConnectionContextFactory factory;
        private readonly Channel<ConnectionContext> handed = Channel.CreateUnbounded<ConnectionContext>();
        private readonly Loop[] loops;
        private readonly long? maxConnections;
        private readonly ILogger logger;
        private long open;
        private int stopped;

        public Listener(FrontLane lane, Socket socket, SocketConnectionContextFactory factory, Settings settings, ILogger logger)
        {
            this.socket = socket;
            this.factory = factory;
            this.logger = logger;
            maxConnections = settings.MaxConnections;
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

        // With Kestrel's limit on open connections set: whether a connection just accepted
        // may stay open. Every connection the lane accepted counts until it is closed, by
        // the lane (Closed) or, once handed over, by Kestrel; Kestrel's own count of the
        // handed-over ones can then never be the first to refuse one.
        public bool Admit()
        {
            if (maxConnections is not { } max)
            {
                return true;
            }
            if (Interlocked.Increment(ref open) <= max)
            {
                return true;
            }
            Interlocked.Decrement(ref open);
            logger.LogDebug("The front lane refused a connection: the limit of {Max} open connections (Kestrel's MaxConcurrentConnections) is reached", max);
            return false;
        }

        // A connection the lane closed itself.
        public void Closed()
        {
            if (maxConnections is not null)
            {
                Interlocked.Decrement(ref open);
            }
        }

        // Called on a loop's thread: the connection goes to Kestrel, or is closed when
        // Kestrel no longer accepts.
        public void Hand(int fd, byte[]? replay)
        {
            var connection = factory.Create(new Socket(new SafeSocketHandle(fd, ownsHandle: true)));
            if (maxConnections is not null)
            {
                connection.ConnectionClosed.Register(static state => ((Listener)state!).Closed(), this);
            }
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
}
