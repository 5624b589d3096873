using System.Buffers;
using System.IO.Hashing;

namespace Herald.Reading;

// A response body held back until it is complete (ContentEtag hashes it before sending), in
// chunks rented from the shared array pool. A MemoryStream grew by doubling, new arrays on
// every render: for the benchmark's 47 KB article page with its discussion a render
// allocated 207 KB with it and 135 KB with this, and young-generation collections took
// 9.1 instead of 11.8 % of the core under load (bench/RESULTS.md).
internal sealed class PooledBody : Stream
{
    private const int ChunkSize = 16 * 1024;

    // Rented arrays and how much of each is written: 16 KB chunks, or a whole page a
    // PageWriter handed over (Adopt).
    private readonly List<(byte[] Array, int Used)> segments = [];
    private long length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (segments.Count == 0 || segments[^1].Used == segments[^1].Array.Length)
            {
                segments.Add((ArrayPool<byte>.Shared.Rent(ChunkSize), 0));
            }
            var (array, used) = segments[^1];
            var n = Math.Min(buffer.Length, array.Length - used);
            buffer[..n].CopyTo(array.AsSpan(used));
            segments[^1] = (array, used + n);
            length += n;
            buffer = buffer[n..];
        }
    }

    // Takes over an array rented from the shared pool with its first used bytes written,
    // instead of copying them: a page written whole (PageWriter.SendAsync). It goes back to
    // the pool with the chunks.
    public void Adopt(byte[] rented, int used)
    {
        segments.Add((rented, used));
        length += used;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // One hasher per thread, reset after each use (it holds a 600-byte state).
    [ThreadStatic]
    private static XxHash128? hasher;

    public byte[] Hash()
    {
        var hash = hasher ??= new XxHash128();
        foreach (var (array, used) in segments)
        {
            hash.Append(array.AsSpan(0, used));
        }
        var value = hash.GetCurrentHash();
        hash.Reset();
        return value;
    }

    public async Task SendAsync(Stream destination, CancellationToken ct)
    {
        foreach (var (array, used) in segments)
        {
            await destination.WriteAsync(array.AsMemory(0, used), ct);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        foreach (var (array, _) in segments)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        segments.Clear();
        length = 0;
        base.Dispose(disposing);
    }
}
