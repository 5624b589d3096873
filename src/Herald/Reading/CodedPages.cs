using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace Herald.Reading;

// Public pages compressed once per content rather than once per request.
//
// A page the front cache does not answer (a link with a tracking query string, a
// page rendered on another node and replayed by the shared output cache) would otherwise be
// compressed again on every request: an output-cache hit of the 50 KB article page went
// from about 21,000 to 7,400 requests a second on one core with Brotli at its fastest
// level (bench/RESULTS.md). Pages carry their content's hash as ETag (ContentEtag), so
// the hash names the bytes: the coded copy of a hash, once made, serves every request for
// those bytes, whatever path or query asked for them, until it falls out of this bounded
// store. The front cache takes its kept codings from here too (For), so a page is
// compressed once for both.
//
// Only a 200 with a content-hash ETag, a known length, Cache-Control public and no cookie,
// asked for without credentials, is coded here, and sent with the weak ETag, its length
// and Vary; everything else passes to ASP.NET's response compression around this.
public sealed partial class CodedPages(TimeProvider clock)
{
    public const long SizeLimit = 32L << 20;

    private readonly record struct Key(string ETag, PageEncoding Encoding);

    // A coded copy, made once however many requests ask for it at the same moment (a burst
    // of readers on a page just published): the first makes it, the others wait for it.
    private sealed class Copy(Lazy<byte[]> body, long lastUsed)
    {
        public Lazy<byte[]> Body => body;

        public long LastUsed { get; set; } = lastUsed;
    }

    private readonly ConcurrentDictionary<Key, Copy> copies = new();
    private long bytes;
    private long made;

    public int Count => copies.Count;

    // How many codings this store has made (tests, diagnostics).
    public long Made => Interlocked.Read(ref made);

    // The coded copy of a page whose ETag is etag, made now when there is none.
    public byte[] For(string? etag, PageEncoding encoding, ReadOnlySpan<byte> plain)
    {
        if (etag is null || !IsContentHash(etag))
        {
            return Compression.Encode(plain, encoding);
        }
        var key = new Key(etag, encoding);
        var now = clock.GetTimestamp();
        if (copies.TryGetValue(key, out var copy))
        {
            copy.LastUsed = now;
            return copy.Body.Value;
        }
        var source = plain.ToArray();
        var candidate = new Copy(new Lazy<byte[]>(() => Encode(source, encoding)), now);
        var stored = copies.GetOrAdd(key, candidate);
        var body = stored.Body.Value;
        if (ReferenceEquals(stored, candidate) && Interlocked.Add(ref bytes, body.Length) > SizeLimit)
        {
            foreach (var (old, oldCopy) in copies.OrderBy(c => c.Value.LastUsed).Take(Math.Max(1, copies.Count / 4)).ToList())
            {
                if (copies.TryRemove(new KeyValuePair<Key, Copy>(old, oldCopy)))
                {
                    Interlocked.Add(ref bytes, -oldCopy.Body.Value.Length);
                }
            }
        }
        return body;
    }

    private byte[] Encode(byte[] plain, PageEncoding encoding)
    {
        Interlocked.Increment(ref made);
        return Compression.Encode(plain, encoding);
    }

    // The coded copy when one is made; null while there is none or it is still being made
    // (the request then holds its page and waits at the end: For).
    private byte[]? Find(string etag, PageEncoding encoding)
    {
        if (!copies.TryGetValue(new Key(etag, encoding), out var copy) || !copy.Body.IsValueCreated)
        {
            return null;
        }
        copy.LastUsed = clock.GetTimestamp();
        return copy.Body.Value;
    }

    // What ContentEtag makes: the quoted hex of a 128-bit hash of the bytes.
    public static bool IsContentHash(string etag) => ContentHash().IsMatch(etag);

    [GeneratedRegex("^\"[0-9a-f]{32}\"$")]
    private static partial Regex ContentHash();

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || !request.Headers.ContainsKey(HeaderNames.AcceptEncoding) || !PublicPagePolicy.IsShared(request))
        {
            return next(context);
        }
        var encoding = Compression.Choose(request.Headers.AcceptEncoding);
        return encoding == PageEncoding.Identity ? next(context) : CodeAsync(context, next, encoding);
    }

    private async Task CodeAsync(HttpContext context, RequestDelegate next, PageEncoding encoding)
    {
        var response = context.Response;
        var original = response.Body;
        await using var coding = new CodingStream(this, response, original, encoding);
        response.Body = coding;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
        try
        {
            await coding.FinishAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The reader went away; nothing to send to.
        }
    }

    // Holds back a codable page until it is complete (pages are whole before they are sent,
    // ContentEtag), or swallows it when its coded copy is already here; anything else passes.
    private sealed class CodingStream(CodedPages pages, HttpResponse response, Stream inner, PageEncoding encoding) : Stream
    {
        private enum Mode
        {
            Undecided,
            Passing,
            Holding,
            Replacing,
        }

        private Mode mode;
        private string etag = "";
        private byte[]? plain;
        private int held;
        private byte[]? coded;

        private const long MaxBytes = FrontCache.MaxEntryBytes;

        private void Decide()
        {
            var headers = response.Headers;
            mode = Mode.Passing;
            if (response.StatusCode != StatusCodes.Status200OK || headers.ContentEncoding.Count > 0 || headers.ContainsKey(HeaderNames.SetCookie) ||
                headers.ETag is not [{ } tag] || !IsContentHash(tag) || response.ContentLength is not (> 0 and <= MaxBytes) ||
                !Compression.IsCompressible(response.ContentType) ||
                !headers.CacheControl.ToString().StartsWith("public", StringComparison.Ordinal))
            {
                return;
            }
            etag = tag;
            coded = pages.Find(tag, encoding);
            if (coded is not null)
            {
                mode = Mode.Replacing;
                return;
            }
            plain = new byte[(int)response.ContentLength.Value];
            mode = Mode.Holding;
        }

        // Holds or swallows what it can; false when the bytes must go on as they are (then
        // spilled says how much it held before them, which goes first).
        private bool Take(ReadOnlySpan<byte> buffer, out int spilled)
        {
            spilled = 0;
            if (mode == Mode.Undecided)
            {
                Decide();
            }
            switch (mode)
            {
                case Mode.Holding when held + buffer.Length <= plain!.Length:
                    buffer.CopyTo(plain.AsSpan(held));
                    held += buffer.Length;
                    return true;
                case Mode.Holding:
                    // More than its length said: sent as it is.
                    mode = Mode.Passing;
                    spilled = held;
                    return false;
                case Mode.Replacing:
                    held += buffer.Length;
                    return true;
                default:
                    return false;
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!Take(buffer, out var spilled))
            {
                inner.Write(plain.AsSpan(0, spilled));
                inner.Write(buffer);
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!Take(buffer.Span, out var spilled))
            {
                if (spilled > 0)
                {
                    await inner.WriteAsync(plain.AsMemory(0, spilled), cancellationToken);
                }
                await inner.WriteAsync(buffer, cancellationToken);
            }
        }

        // Sends the coded copy once the page is complete, or the page as it came when it
        // ended short of its length (the server will close the response as broken anyway).
        public async Task FinishAsync(CancellationToken ct)
        {
            if (mode is not (Mode.Holding or Mode.Replacing))
            {
                return;
            }
            var length = mode == Mode.Holding ? plain!.Length : response.ContentLength ?? -1;
            if (held != length)
            {
                if (mode == Mode.Holding)
                {
                    await inner.WriteAsync(plain.AsMemory(0, held), ct);
                }
                return;
            }
            coded ??= pages.For(etag, encoding, plain);
            var headers = response.Headers;
            headers.ContentEncoding = Compression.Name(encoding);
            headers.ETag = "W/" + etag;
            if (!headers.Vary.Contains(Compression.VaryValue))
            {
                headers.Append(HeaderNames.Vary, Compression.VaryValue);
            }
            response.ContentLength = coded.Length;
            await inner.WriteAsync(coded, ct);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
            if (mode == Mode.Passing)
            {
                inner.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) =>
            mode == Mode.Passing ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => held;

        public override long Position
        {
            get => held;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
