using System.Collections.Concurrent;
using System.Globalization;
using Herald.Hosting;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Herald.Reading;

// The breaking-news path. A public page that went out whole (200, no cookie set, tagged
// by PageCache.Apply) is kept here as the exact status, headers and bytes that were sent,
// and the next anonymous GET for the same scheme, host and path is answered before
// routing, authentication, the output cache and the page run: a dictionary lookup and one
// write. Everything else (query strings, signed-in readers, HEAD, If-Modified-Since)
// goes down the ordinary pipeline, whose output cache stays the shared store between nodes.
//
// Freshness: entries are dropped by the same cache tags as the output cache (ChangeLog's
// Changed, raised by local writes at once and by other nodes' writes through polling or
// the Redis channel), and a response that was being produced while an eviction happened
// is not kept, so a page rendered from old data cannot outlive the change that made it old.
public sealed class FrontCache(HeraldMetrics metrics, TimeProvider clock, CodedPages coded)
{
    public const long MaxEntryBytes = 1024 * 1024;
    public const long SizeLimit = 64L * 1024 * 1024;
    private static readonly TimeSpan Lifetime = PublicPagePolicy.Lifetime;

    private readonly record struct Key(bool Https, string Host, string Path);

    // Headers: as the page sent them, less what is sent fresh (Unkept). Variants: the page
    // as it is sent in each coding (PageEncoding's order): only the plain bytes for a type
    // not worth compressing, else also gzip and Brotli.
    public sealed record Entry(KeyValuePair<string, StringValues>[] Headers, string[] Tags, long BornMs, long ExpiresMs, Variant[] Variants)
    {
        public long LastUsedMs { get; set; }

        // The plain page's ETag, which validators are compared with.
        public string? ETag => Variants[0].ETag;

        // The eviction count when the request that made it began.
        public long Generation { get; init; }

        public long Bytes => Variants.Sum(v => (long)v.Body.Length);

        public Variant For(PageEncoding encoding) => (int)encoding < Variants.Length ? Variants[(int)encoding] : Variants[0];
    }

    // The page in one coding: its bytes, its ETag (weak when compressed: the bytes are not
    // the plain page's), the headers it is sent with (Fields, made on first use), and the
    // response heads the front lane writes for it (200 and 304), made on their first use
    // (FrontLane.Head); empty when a header cannot be written as plain ASCII.
    public sealed class Variant(PageEncoding encoding, byte[] body, string? etag)
    {
        public PageEncoding Encoding => encoding;

        public byte[] Body => body;

        public string? ETag => etag;

        public KeyValuePair<string, StringValues>[]? Fields { get; set; }

        public KeyValuePair<string, StringValues>[]? NotModifiedFields { get; set; }

        public byte[]? LaneHead { get; set; }

        public byte[]? LaneNotModifiedHead { get; set; }
    }

    // The headers a kept page goes out with in one coding, apart from those made per
    // response (Date, Age, Server, Content-Length): the kept ones, the coding's ETag and
    // Content-Encoding; for a 304 no Content-Type or coding. The one list the front cache
    // sets through Kestrel (ServeAsync) and the front lane writes as bytes (FrontLane.Head).
    // Made once per coding and kept with it.
    public static KeyValuePair<string, StringValues>[] FieldsOf(Entry entry, Variant variant, bool notModified) =>
        notModified
            ? variant.NotModifiedFields ??= MakeFields(entry, variant, notModified: true)
            : variant.Fields ??= MakeFields(entry, variant, notModified: false);

    private static KeyValuePair<string, StringValues>[] MakeFields(Entry entry, Variant variant, bool notModified)
    {
        var coded = variant.Encoding != PageEncoding.Identity;
        var fields = new List<KeyValuePair<string, StringValues>>(entry.Headers.Length + 2);
        foreach (var field in entry.Headers)
        {
            if ((notModified && string.Equals(field.Key, HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase)) ||
                (coded && string.Equals(field.Key, HeaderNames.ETag, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            fields.Add(field);
        }
        if (coded)
        {
            fields.Add(new(HeaderNames.ETag, variant.ETag));
            if (!notModified)
            {
                fields.Add(new(HeaderNames.ContentEncoding, Compression.Name(variant.Encoding)));
            }
        }
        return [.. fields];
    }

    private readonly ConcurrentDictionary<Key, Entry> entries = new();
    private long generation;
    private long bytes;

    public int Count => entries.Count;

    // Drops every entry carrying one of the tags. Also makes responses in flight unkeepable.
    public void Evict(IReadOnlyCollection<string> tags)
    {
        Interlocked.Increment(ref generation);
        if (tags.Count == 0)
        {
            return;
        }
        var set = tags as IReadOnlySet<string> ?? tags.ToHashSet(StringComparer.Ordinal);
        foreach (var (key, entry) in entries)
        {
            if (entry.Tags.Any(set.Contains))
            {
                Remove(key, entry);
            }
        }
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || request.QueryString.HasValue || !PublicPagePolicy.IsShared(request))
        {
            return next(context);
        }
        var key = new Key(request.IsHttps, request.Host.Value ?? "", request.Path.Value ?? "/");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var conditional = request.Headers.IfNoneMatch;
        // If-None-Match, when present, is the validator that counts (RFC 9110, 13.2.2); a date
        // alone is left to the pipeline, which compares it with the page's Last-Modified.
        var byDateOnly = conditional.Count == 0 && request.Headers.ContainsKey(HeaderNames.IfModifiedSince);
        if (!byDateOnly && entries.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresMs > now)
            {
                if (conditional.Count == 0 || entry.ETag is not null)
                {
                    entry.LastUsedMs = now;
                    metrics.CacheableRequest();
                    var variant = entry.For(entry.Variants.Length > 1 ? Compression.Choose(request.Headers.AcceptEncoding) : PageEncoding.Identity);
                    return ServeAsync(context, entry, variant, now, notModified: conditional.Count > 0 && Matches(conditional, entry.ETag!));
                }
            }
            else
            {
                Remove(key, entry);
            }
        }
        // Conditional requests may be answered 304 without a body: nothing to keep from them.
        return conditional.Count > 0 || byDateOnly ? next(context) : CaptureAsync(context, next, key);
    }

    // The front lane's lookup (FrontLane): the page kept for an anonymous GET of this scheme,
    // host and path while it is fresh, counted as a cacheable request like a hit above.
    public Entry? Find(bool https, string host, string path, long now)
    {
        if (!entries.TryGetValue(new Key(https, host, path), out var entry) || entry.ExpiresMs <= now)
        {
            return null;
        }
        entry.LastUsedMs = now;
        metrics.CacheableRequest();
        return entry;
    }

    public static bool Matches(StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            if (value is null)
            {
                continue;
            }
            foreach (var candidate in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || candidate == etag || (candidate.StartsWith("W/", StringComparison.Ordinal) && candidate.AsSpan(2).SequenceEqual(etag)))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static Task ServeAsync(HttpContext context, Entry entry, Variant variant, long now, bool notModified)
    {
        var response = context.Response;
        var headers = response.Headers;
        foreach (var (name, value) in FieldsOf(entry, variant, notModified))
        {
            headers[name] = value;
        }
        headers.Age = ((now - entry.BornMs) / 1000).ToString(CultureInfo.InvariantCulture);
        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentLength = variant.Body.Length;
        return response.Body.WriteAsync(variant.Body, 0, variant.Body.Length, context.RequestAborted);
    }

    private async Task CaptureAsync(HttpContext context, RequestDelegate next, Key key)
    {
        var startedIn = Interlocked.Read(ref generation);
        var response = context.Response;
        var original = response.Body;
        await using var capture = new CaptureStream(response, original, MaxEntryBytes);
        response.Body = capture;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
        // The headers as the page set them (Sent): response compression, around this, may
        // since have coded the bytes it passed on, dropped their length and weakened the ETag.
        if (response.StatusCode != StatusCodes.Status200OK || capture.Overflowed || context.RequestAborted.IsCancellationRequested ||
            capture.Sent is not { } sent || Interlocked.Read(ref generation) != startedIn)
        {
            return;
        }
        IHeaderDictionary headers = new HeaderDictionary(sent.ToDictionary(StringComparer.OrdinalIgnoreCase));
        if (headers.ContentLength != capture.Length || headers.ContainsKey(HeaderNames.SetCookie) || headers.ContainsKey(HeaderNames.ContentEncoding) ||
            headers.Vary.Any(v => !string.Equals(v, Compression.VaryValue, StringComparison.OrdinalIgnoreCase)) ||
            !headers.TryGetValue("Surrogate-Key", out var surrogate) ||
            !headers.CacheControl.ToString().StartsWith("public", StringComparison.Ordinal))
        {
            return;
        }
        // Another request stored this page since this one began, with nothing evicted
        // between: the same bytes, already coded.
        if (entries.TryGetValue(key, out var stored) && stored.Generation == startedIn)
        {
            return;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // A copy the output cache had for a while keeps its age.
        var born = long.TryParse(headers.Age, NumberStyles.None, CultureInfo.InvariantCulture, out var age) ? now - age * 1000 : now;
        var body = capture.ToArray();
        var etag = headers.ETag.Count > 0 ? headers.ETag.ToString() : null;
        Variant[] variants = [new(PageEncoding.Identity, body, etag)];
        if (Compression.IsCompressible(headers.ContentType))
        {
            var weak = etag is not null && etag.StartsWith('"') ? "W/" + etag : etag;
            variants = [.. variants, new(PageEncoding.Gzip, coded.For(etag, PageEncoding.Gzip, body), weak),
                new(PageEncoding.Brotli, coded.For(etag, PageEncoding.Brotli, body), weak)];
            headers.Vary = Compression.VaryValue;
        }
        var kept = headers
            .Where(h => !Unkept.Contains(h.Key))
            .ToArray();
        var expires = born + (long)Lifetime.TotalMilliseconds;
        // A page that changes by itself sooner says when (PageCache.Until).
        if (DateTimeOffset.TryParse(headers.Expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until))
        {
            expires = Math.Min(expires, until.ToUnixTimeMilliseconds());
        }
        var entry = new Entry(kept, surrogate.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries), born, expires, variants)
        { LastUsedMs = now, Generation = startedIn };
        Store(key, entry);
        // An eviction that ran while the entry was being stored may have missed it.
        if (Interlocked.Read(ref generation) != startedIn)
        {
            Remove(key, entry);
        }
    }

    // Sent fresh by the server or computed per request.
    private static readonly HashSet<string> Unkept = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Server, HeaderNames.Age, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.Connection,
    };

    private void Store(Key key, Entry entry)
    {
        if (entries.TryGetValue(key, out var old))
        {
            Remove(key, old);
        }
        if (!entries.TryAdd(key, entry))
        {
            return;
        }
        if (Interlocked.Add(ref bytes, entry.Bytes) > SizeLimit)
        {
            // Over the limit: the least recently used quarter goes.
            foreach (var (oldKey, oldEntry) in entries.OrderBy(e => e.Value.LastUsedMs).Take(Math.Max(1, entries.Count / 4)).ToList())
            {
                Remove(oldKey, oldEntry);
            }
        }
    }

    private void Remove(Key key, Entry entry)
    {
        if (entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry)))
        {
            Interlocked.Add(ref bytes, -entry.Bytes);
        }
    }

    // Writes through to the client and keeps a copy, up to a limit.
    private sealed class CaptureStream(HttpResponse response, Stream inner, long limit) : Stream
    {
        private readonly MemoryStream copy = new();

        public bool Overflowed { get; private set; }

        // The response's headers when the page first wrote to it, before anything around
        // this stream could change them.
        public KeyValuePair<string, StringValues>[]? Sent { get; private set; }

        public override long Length => copy.Length;

        public byte[] ToArray() => copy.ToArray();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;

        public override long Position
        {
            get => copy.Length;
            set => throw new NotSupportedException();
        }

        private void Keep(ReadOnlySpan<byte> buffer)
        {
            Sent ??= [.. response.Headers];
            if (Overflowed || copy.Length + buffer.Length > limit)
            {
                Overflowed = true;
                return;
            }
            copy.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                copy.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
