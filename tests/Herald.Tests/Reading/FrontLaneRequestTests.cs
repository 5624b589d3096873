using System.Text;
using Herald.Reading;

namespace Herald.Tests.Reading;

// The front lane answers only requests it recognises exactly; everything else must come
// out as Other (or Incomplete) so that Kestrel and the whole pipeline answer it.
public sealed class FrontLaneRequestTests
{
    private static readonly byte[] Cookie = Encoding.ASCII.GetBytes(Herald.Accounts.AccountsSetup.CookieName);

    private static FrontLaneRequest.Head Read(string text, bool trustedPeer = false) =>
        FrontLaneRequest.Read(Encoding.ASCII.GetBytes(text), Cookie, trustedPeer);

    [Fact]
    public void An_anonymous_get_of_a_plain_path_is_eligible_with_its_host_path_and_length()
    {
        const string request = "GET /world/some-story HTTP/1.1\r\nHost: news.example:8080\r\nAccept: text/html\r\n" +
            "Cookie: theme=dark; consent=yes\r\nConnection: keep-alive\r\nUser-Agent: a b/c\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(request + "GET /next HTTP/1.1\r\n");
        var head = FrontLaneRequest.Read(bytes, Cookie, trustedPeer: false);
        Assert.Equal(FrontLaneRequest.Kind.Eligible, head.Kind);
        Assert.Equal(request.Length, head.Length);
        Assert.Equal("news.example:8080", Encoding.ASCII.GetString(bytes[head.Host]));
        Assert.Equal("/world/some-story", Encoding.ASCII.GetString(bytes[head.Path]));
    }

    [Fact]
    public void Header_names_are_matched_whatever_their_case_and_values_are_trimmed()
    {
        var bytes = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nhOsT:\t example.org \r\n\r\n");
        var head = FrontLaneRequest.Read(bytes, Cookie, trustedPeer: false);
        Assert.Equal(FrontLaneRequest.Kind.Eligible, head.Kind);
        Assert.Equal("example.org", Encoding.ASCII.GetString(bytes[head.Host]));
        Assert.Equal(FrontLaneRequest.Kind.Other, Read("GET / HTTP/1.1\r\nHost: a\r\nAUTHORIZATION: Bearer x\r\n\r\n").Kind);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n\r")]
    [InlineData("GET /wor")]
    [InlineData("")]
    public void A_head_without_its_blank_line_is_incomplete(string text) =>
        Assert.Equal(FrontLaneRequest.Kind.Incomplete, Read(text).Kind);

    [Theory]
    // Other methods and versions.
    [InlineData("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("get / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    [InlineData("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1 \r\nHost: a\r\n\r\n")]
    [InlineData("GET HTTP/1.1\r\nHost: a\r\n\r\n")]
    // Paths Kestrel would change or the front cache does not key by.
    [InlineData("GET /world/story?page=2 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /world/st%C3%B6ry HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /world/../admin HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /./world HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET //world HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET http://a/world HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")]
    // No Host, two, or an odd one.
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: \r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a b\r\n\r\n")]
    // Credentials and the sign-in cookie.
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nCookie: theme=dark; .herald.auth=CfDJ8\r\n\r\n")]
    // Validators, bodies, other protocols, connection options.
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: Sun, 06 Dec 2026 10:00:00 GMT\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: \"x\"\r\nIf-None-Match: \"y\"\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")]
    // Malformed fields: folded, bare line feeds, no colon, a space in the name, control or 8-bit bytes.
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\nAccept: */*\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\n: x\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Odd: a\u0001b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX-Odd: caf\u00e9\r\n\r\n")]
    // TLS: a ClientHello is not text at all.
    [InlineData("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n")]
    public void Anything_else_is_left_to_the_pipeline(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var head = FrontLaneRequest.Read(bytes, Cookie, trustedPeer: false);
        Assert.Equal(FrontLaneRequest.Kind.Other, head.Kind);
        Assert.Equal(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4, head.Length);
    }

    [Theory]
    [InlineData("X-Forwarded-Proto: https\r\n", true)]
    [InlineData("X-Forwarded-Proto: HTTPS\r\n", true)]
    [InlineData("X-Forwarded-Proto: http, https\r\n", true)]
    [InlineData("X-Forwarded-Proto: https, http\r\n", false)]
    [InlineData("X-Forwarded-Proto: https\r\nX-Forwarded-For: 203.0.113.9\r\n", true)]
    [InlineData("X-Forwarded-Proto: https\r\nX-Forwarded-For: 198.51.100.1, [2001:db8::1]:443\r\n", true)]
    [InlineData("X-Forwarded-For: 203.0.113.9:5100\r\n", false)]
    [InlineData("", false)]
    public void From_a_trusted_proxy_the_last_forwarded_scheme_counts(string headers, bool https)
    {
        var trusted = Read($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n", trustedPeer: true);
        Assert.Equal(FrontLaneRequest.Kind.Eligible, trusted.Kind);
        Assert.Equal(https, trusted.Https);
        // From anyone else the headers mean nothing, as to ASP.NET's middleware.
        var untrusted = Read($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n", trustedPeer: false);
        Assert.Equal(FrontLaneRequest.Kind.Eligible, untrusted.Kind);
        Assert.False(untrusted.Https);
    }

    [Theory]
    // A scheme other than http or https, two headers, an address the middleware cannot read.
    [InlineData("X-Forwarded-Proto: wss\r\n")]
    [InlineData("X-Forwarded-Proto: https\r\nX-Forwarded-Proto: https\r\n")]
    [InlineData("X-Forwarded-Proto: https\r\nX-Forwarded-For: unknown\r\n")]
    [InlineData("X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 198.51.100.1\r\n")]
    public void Forwarded_headers_it_cannot_read_as_the_middleware_would_go_to_the_pipeline(string headers)
    {
        Assert.Equal(FrontLaneRequest.Kind.Other, Read($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n", trustedPeer: true).Kind);
        Assert.Equal(FrontLaneRequest.Kind.Eligible, Read($"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n", trustedPeer: false).Kind);
    }

    [Fact]
    public void A_conditional_request_carries_its_validators_and_a_date_beside_them_does_not_count()
    {
        foreach (var extra in new[] { "", "If-Modified-Since: Sun, 06 Dec 2026 10:00:00 GMT\r\n" })
        {
            var bytes = Encoding.ASCII.GetBytes($"GET /a HTTP/1.1\r\nHost: a\r\n{extra}If-None-Match:  \"x\", W/\"y\" \r\n\r\n");
            var head = FrontLaneRequest.Read(bytes, Cookie, trustedPeer: false);
            Assert.Equal(FrontLaneRequest.Kind.Eligible, head.Kind);
            Assert.Equal("\"x\", W/\"y\"", Encoding.ASCII.GetString(bytes[head.IfNoneMatch!.Value]));
        }
        Assert.Null(Read("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").IfNoneMatch);
    }

    [Fact]
    public void Other_cookies_and_a_connection_kept_alive_do_not_matter()
    {
        Assert.Equal(FrontLaneRequest.Kind.Eligible,
            Read("GET / HTTP/1.1\r\nHost: a\r\nCookie: .AspNetCore.Antiforgery.x=y\r\nConnection: Keep-Alive\r\n\r\n").Kind);
    }

    [Fact]
    public void The_codings_a_reader_accepts_are_found_and_two_fields_of_them_go_to_the_pipeline()
    {
        var bytes = Encoding.ASCII.GetBytes("GET /a HTTP/1.1\r\nHost: a\r\naccept-encoding:  gzip, deflate, br, zstd \r\n\r\n");
        var head = FrontLaneRequest.Read(bytes, Cookie, trustedPeer: false);
        Assert.Equal(FrontLaneRequest.Kind.Eligible, head.Kind);
        Assert.Equal("gzip, deflate, br, zstd", Encoding.ASCII.GetString(bytes[head.AcceptEncoding!.Value]));
        Assert.Null(Read("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").AcceptEncoding);
        Assert.Equal(FrontLaneRequest.Kind.Other, Read("GET /a HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nAccept-Encoding: br\r\n\r\n").Kind);
    }
}
