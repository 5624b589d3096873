using System.Buffers;
using System.Text;

namespace Herald.Reading;

// Reads one HTTP/1.1 request head from the bytes a connection sent, for the front lane
// (FrontLane): it says whether the request is one the front cache would answer as it stands
// (an anonymous GET of a path without a query, conditional or not) and where it ends. It is deliberately
// narrower than HTTP: anything it does not recognise exactly (another method or version,
// a percent-escape or dot segment in the path, a body, a folded or odd header line, a
// credential, a date as the only validator, a connection option) is Other, and the connection goes to
// Kestrel, which answers it with the whole pipeline. So what the lane accepts is always a
// request Kestrel would have accepted and routed to the front cache with the same key.
public static class FrontLaneRequest
{
    public enum Kind
    {
        // No blank line yet: the head has not all arrived.
        Incomplete,
        // Complete, and one the front cache may answer: see Host and Path.
        Eligible,
        // Anything else: for the pipeline.
        Other,
    }

    // Https: the scheme the pipeline will see (a trusted proxy's X-Forwarded-Proto).
    // IfNoneMatch: the validators of a conditional request (one If-None-Match field), if any.
    // AcceptEncoding: the codings the reader takes (one Accept-Encoding field), if any.
    public readonly record struct Head(Kind Kind, int Length, Range Host, Range Path, bool Https = false, Range? IfNoneMatch = null, Range? AcceptEncoding = null);

    private static ReadOnlySpan<byte> Get => "GET "u8;
    private static ReadOnlySpan<byte> Version => " HTTP/1.1\r\n"u8;
    private static ReadOnlySpan<byte> End => "\r\n\r\n"u8;

    // signInCookie: the sign-in cookie's name (a request carrying it is a signed-in reader's).
    // trustedPeer: the connection comes from a proxy ASP.NET's forwarded-headers middleware
    // trusts (Herald:KnownProxies is set and the peer is one, or in its known networks); then
    // the last X-Forwarded-Proto entry is the scheme, as the middleware takes it (one hop).
    public static Head Read(ReadOnlySpan<byte> input, ReadOnlySpan<byte> signInCookie, bool trustedPeer)
    {
        var end = input.IndexOf(End);
        if (end < 0)
        {
            return new Head(Kind.Incomplete, 0, default, default);
        }
        var length = end + End.Length;
        var other = new Head(Kind.Other, length, default, default);
        var head = input[..(end + 2)];
        if (!head.StartsWith(Get))
        {
            return other;
        }
        var lineEnd = head.IndexOf("\r\n"u8);
        var line = head[..(lineEnd + 2)];
        if (!line.EndsWith(Version))
        {
            return other;
        }
        var pathStart = Get.Length;
        var pathEnd = lineEnd + 2 - Version.Length;
        if (pathEnd <= pathStart || !IsPlainPath(input[pathStart..pathEnd]))
        {
            return other;
        }
        var host = default(Range);
        var hosts = 0;
        var https = false;
        var forwardedProto = 0;
        var forwardedFor = 0;
        var ifNoneMatch = default(Range?);
        var acceptEncoding = default(Range?);
        var byDate = false;
        var position = lineEnd + 2;
        while (position < head.Length)
        {
            var rest = head[position..];
            var next = rest.IndexOf("\r\n"u8);
            var field = rest[..next];
            var colon = field.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(field[..colon]))
            {
                return other;
            }
            var name = field[..colon];
            var valueStart = colon + 1;
            while (valueStart < field.Length && field[valueStart] is (byte)' ' or (byte)'\t')
            {
                valueStart++;
            }
            var valueEnd = field.Length;
            while (valueEnd > valueStart && field[valueEnd - 1] is (byte)' ' or (byte)'\t')
            {
                valueEnd--;
            }
            var value = field[valueStart..valueEnd];
            if (!IsFieldValue(value))
            {
                return other;
            }
            var here = new Range(position + valueStart, position + valueEnd);
            switch (Decide(name, value, signInCookie, trustedPeer))
            {
                case Field.ForwardedProto:
                    // Anything but one header ending in http or https is left to the middleware.
                    var scheme = Last(value);
                    if (++forwardedProto > 1 || !(Is(scheme, "http"u8) || Is(scheme, "https"u8)))
                    {
                        return other;
                    }
                    https = scheme.Length == 5;
                    break;
                case Field.IfNoneMatch when ifNoneMatch is null:
                    ifNoneMatch = here;
                    break;
                case Field.AcceptEncoding when acceptEncoding is null:
                    acceptEncoding = here;
                    break;
                case Field.IfNoneMatch or Field.AcceptEncoding:
                    // A second field of either: one list in two parts, which the pipeline joins.
                    return other;
                case Field.IfModifiedSince:
                    byDate = true;
                    break;
                case Field.ForwardedFor:
                    // The middleware stops before the scheme at an address it cannot read.
                    if (++forwardedFor > 1 || !System.Net.IPEndPoint.TryParse(System.Text.Encoding.ASCII.GetString(Last(value)), out _))
                    {
                        return other;
                    }
                    break;
                case Field.Host:
                    if (++hosts > 1 || !IsHost(value))
                    {
                        return other;
                    }
                    host = here;
                    break;
                case Field.Refused:
                    return other;
            }
            position += next + 2;
        }
        // A date alone is the pipeline's to compare with the page's Last-Modified; next to
        // If-None-Match it does not count (RFC 9110, 13.2.2), as in the front cache.
        return hosts == 1 && (!byDate || ifNoneMatch is not null)
            ? new Head(Kind.Eligible, length, host, new Range(pathStart, pathEnd), https, ifNoneMatch, acceptEncoding)
            : other;
    }

    // The last entry of a comma-separated value, trimmed.
    private static ReadOnlySpan<byte> Last(ReadOnlySpan<byte> value)
    {
        var comma = value.LastIndexOf((byte)',');
        return value[(comma + 1)..].Trim((byte)' ').Trim((byte)'\t');
    }

    private enum Field
    {
        Ignored,
        Host,
        ForwardedProto,
        ForwardedFor,
        IfNoneMatch,
        IfModifiedSince,
        AcceptEncoding,
        Refused,
    }

    private static Field Decide(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, ReadOnlySpan<byte> signInCookie, bool trustedPeer)
    {
        if (Is(name, "host"u8))
        {
            return Field.Host;
        }
        if (Is(name, "if-none-match"u8))
        {
            return Field.IfNoneMatch;
        }
        if (Is(name, "if-modified-since"u8))
        {
            return Field.IfModifiedSince;
        }
        if (Is(name, "accept-encoding"u8))
        {
            return Field.AcceptEncoding;
        }
        if (trustedPeer && Is(name, "x-forwarded-proto"u8))
        {
            return Field.ForwardedProto;
        }
        if (trustedPeer && Is(name, "x-forwarded-for"u8))
        {
            return Field.ForwardedFor;
        }
        if (Is(name, "cookie"u8))
        {
            // Conservative: the name anywhere in the value (even as the tail of another
            // cookie's name) sends the request to the pipeline, which parses cookies properly.
            return value.IndexOf(signInCookie) >= 0 ? Field.Refused : Field.Ignored;
        }
        if (Is(name, "connection"u8))
        {
            return Is(value, "keep-alive"u8) ? Field.Ignored : Field.Refused;
        }
        // Credentials, anything announcing a body or another protocol.
        return Is(name, "authorization"u8) || Is(name, "content-length"u8) || Is(name, "transfer-encoding"u8) || Is(name, "expect"u8) || Is(name, "upgrade"u8)
            ? Field.Refused
            : Field.Ignored;
    }

    private static bool Is(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lower)
    {
        if (text.Length != lower.Length)
        {
            return false;
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c | 0x20) : c) != lower[i])
            {
                return false;
            }
        }
        return true;
    }

    // An origin-form path Kestrel keeps as it is: no query, no percent-escape (decoding is
    // Kestrel's), no dot segment (Kestrel removes them), no "//".
    private static bool IsPlainPath(ReadOnlySpan<byte> path) =>
        path.Length > 0 && path[0] == '/' && path.IndexOf("//"u8) < 0 && path.IndexOf("/."u8) < 0 && !path.ContainsAnyExcept(PathBytes);

    // A name, or an IPv4 address, with an optional port; a bracketed IPv6 literal.
    private static bool IsHost(ReadOnlySpan<byte> host) => host.Length > 0 && !host.ContainsAnyExcept(HostBytes);

    private static bool IsToken(ReadOnlySpan<byte> name) => !name.ContainsAnyExcept(TokenBytes);

    // Visible ASCII, spaces and tabs: no control character, no byte above 0x7E.
    private static bool IsFieldValue(ReadOnlySpan<byte> value) => !value.ContainsAnyExcept(FieldBytes);

    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly SearchValues<byte> PathBytes = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanumeric + "/-._~!$&'()*+,;=:@"));
    private static readonly SearchValues<byte> HostBytes = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanumeric + ".-:[]"));
    private static readonly SearchValues<byte> TokenBytes = SearchValues.Create(Encoding.ASCII.GetBytes(Alphanumeric + "!#$%&'*+-.^_`|~"));
    private static readonly SearchValues<byte> FieldBytes = SearchValues.Create([(byte)'\t', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (byte)c)]);
}
