using System.Buffers;
using System.Text;

namespace Herald.Data;

// Text read for one render (an article's body, its comments' names and bodies), kept in
// buffers rented from the shared pool until the page is sent, instead of a string for each
// value: those strings were two thirds of what an uncached article page allocated, and on a
// machine that reports no processor cache .NET collects its young generation every 2 MB.
// Whatever is read into an arena lives until it is disposed and must not be kept longer.
public sealed class TextArena : IDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly List<char[]> charChunks = [];
    private readonly List<byte[]> byteChunks = [];
    private int charsUsed = ChunkSize;
    private int bytesUsed = ChunkSize;

    // UTF-8 as UTF-16 text, invalid sequences replaced as Encoding.UTF8 does.
    public ReadOnlyMemory<char> Decode(ReadOnlySpan<byte> utf8)
    {
        // A UTF-8 text never has more UTF-16 units than bytes.
        var chunk = Room(charChunks, ref charsUsed, utf8.Length);
        System.Text.Unicode.Utf8.ToUtf16(utf8, chunk.AsSpan(charsUsed), out _, out var written);
        var text = chunk.AsMemory(charsUsed, written);
        charsUsed += written;
        return text;
    }

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> utf8)
    {
        var chunk = Room(byteChunks, ref bytesUsed, utf8.Length);
        utf8.CopyTo(chunk.AsSpan(bytesUsed));
        var copy = chunk.AsMemory(bytesUsed, utf8.Length);
        bytesUsed += utf8.Length;
        return copy;
    }

    public ReadOnlyMemory<byte> Encode(string text)
    {
        var chunk = Room(byteChunks, ref bytesUsed, Encoding.UTF8.GetMaxByteCount(text.Length));
        var written = Encoding.UTF8.GetBytes(text, chunk.AsSpan(bytesUsed));
        var copy = chunk.AsMemory(bytesUsed, written);
        bytesUsed += written;
        return copy;
    }

    // The current chunk when it has room for length more, else a new one at least that large.
    private static T[] Room<T>(List<T[]> chunks, ref int used, int length)
    {
        if (chunks.Count > 0 && chunks[^1].Length - used >= length)
        {
            return chunks[^1];
        }
        var chunk = ArrayPool<T>.Shared.Rent(Math.Max(length, ChunkSize));
        chunks.Add(chunk);
        used = 0;
        return chunk;
    }

    public void Dispose()
    {
        foreach (var chunk in charChunks)
        {
            ArrayPool<char>.Shared.Return(chunk);
        }
        foreach (var chunk in byteChunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        charChunks.Clear();
        byteChunks.Clear();
    }
}
