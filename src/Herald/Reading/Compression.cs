using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Herald.Reading;

// The content codings Herald sends, in the order it prefers them when a reader's browser
// accepts both equally (Brotli makes an article page about a fifth smaller than gzip).
public enum PageEncoding
{
    Identity = 0,
    Gzip = 1,
    Brotli = 2,
}

// Compressed responses. The benchmark's 50 KB article page travels as 7.4 KB (Brotli) or
// 8.1 KB (gzip).
//
// Four places compress, and all leave the pages themselves, the output cache and its
// shared store in plain bytes:
// - the front cache keeps each page it holds also as gzip and Brotli, made once when it is
//   stored (FrontCache.Entry.Variants), so a hit, through Kestrel or the front lane, costs
//   the same compressed as not;
// - other public pages (a render, an output-cache hit of a path with a query string, a feed)
//   are coded once per content and the copy kept by its ETag (CodedPages);
// - the CSS and scripts are kept in each coding too (Assets);
// - everything else (a signed-in reader's page, the JSON API) is compressed as it is sent
//   by ASP.NET's response compression at its fastest level.
//
// Over HTTPS only responses every reader shares are compressed (PublicOverHttps): a page made
// for one person carries secrets (the comment form's token) that compression would let an
// attacker who can inject text into the same page guess byte by byte (BREACH).
// A compressed response's ETag is weak (W/"..."): the bytes differ from the plain page's.
public static class Compression
{
    public const string VaryValue = "Accept-Encoding";

    // Types worth compressing: ASP.NET's defaults, the feeds and the SVG logo.
    public static readonly string[] MimeTypes =
        [.. ResponseCompressionDefaults.MimeTypes, "application/rss+xml", "application/atom+xml", "application/feed+json", "image/svg+xml", "application/problem+json"];

    private static readonly HashSet<string> Compressible = new(MimeTypes, StringComparer.OrdinalIgnoreCase);

    public static IServiceCollection AddCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            // The provider below decides which HTTPS responses may be compressed.
            o.EnableForHttps = true;
            o.MimeTypes = MimeTypes;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<IResponseCompressionProvider, PublicOverHttps>();
        services.AddSingleton<CodedPages>();
        return services;
    }

    public static void UseCompression(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(HeaderNames.AcceptEncoding))
            {
                context.Response.OnStarting(WeakenCompressedETag, context);
            }
            return next(context);
        });
        app.UseResponseCompression();
        // Inside it: public pages coded once per content (CodedPages), which it then passes.
        app.Use(app.ApplicationServices.GetRequiredService<CodedPages>().InvokeAsync);
    }

    // A compressed response, or a 304 for a reader who would be sent the page compressed
    // (as the front cache answers it), carries the weak form of the page's ETag when that
    // ETag names the bytes (a content hash, ContentEtag). One that names something else, as
    // the desk API's names a revision, means the same whatever the coding and stays strong:
    // clients send it back in If-Match, which only strong tags can satisfy.
    private static Task WeakenCompressedETag(object state)
    {
        var context = (HttpContext)state;
        var response = context.Response;
        var headers = response.Headers;
        if (headers.ETag is [{ } etag] && CodedPages.IsContentHash(etag) &&
            (headers.ContentEncoding.Count > 0 ||
             (response.StatusCode == StatusCodes.Status304NotModified && headers.Vary.Contains(VaryValue) &&
              Choose(context.Request.Headers.AcceptEncoding) != PageEncoding.Identity)))
        {
            headers.ETag = "W/" + etag;
        }
        return Task.CompletedTask;
    }

    public static bool IsCompressible(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }
        var separator = contentType.IndexOf(';');
        return Compressible.Contains(separator < 0 ? contentType : contentType[..separator].Trim());
    }

    public static string? Name(PageEncoding encoding) => encoding switch
    {
        PageEncoding.Gzip => "gzip",
        PageEncoding.Brotli => "br",
        _ => null,
    };

    // The page in each coding, as the front cache keeps it: gzip at zlib's default level
    // and Brotli at quality 5, made once per stored page (about 1 ms each for 50 KB).
    public static byte[] Encode(ReadOnlySpan<byte> body, PageEncoding encoding)
    {
        using var output = new MemoryStream(body.Length / 3 + 64);
        using (Stream compressor = encoding == PageEncoding.Brotli
                   ? new BrotliStream(output, new BrotliCompressionOptions { Quality = 5 })
                   : new GZipStream(output, CompressionLevel.Optimal))
        {
            compressor.Write(body);
        }
        return output.ToArray();
    }

    // Which coding to send for an Accept-Encoding field (RFC 9110, 12.5.3): the acceptable
    // one of highest weight among br and gzip, Brotli on a tie; none when neither is
    // acceptable, or when the request ranks identity above both. A coding not named is
    // acceptable only through "*"; a weight that does not parse makes its entry count for
    // nothing.
    public static PageEncoding Choose(ReadOnlySpan<byte> field)
    {
        int brotli = -1, gzip = -1, star = -1, identity = -1;
        foreach (var range in field.Split((byte)','))
        {
            var entry = field[range].Trim(" \t"u8);
            if (entry.IsEmpty)
            {
                continue;
            }
            var semicolon = entry.IndexOf((byte)';');
            var name = (semicolon < 0 ? entry : entry[..semicolon]).TrimEnd(" \t"u8);
            var weight = semicolon < 0 ? 1000 : Weight(entry[(semicolon + 1)..]);
            if (weight < 0)
            {
                continue;
            }
            if (Ascii.EqualsIgnoreCase(name, "br"u8))
            {
                brotli = weight;
            }
            else if (Ascii.EqualsIgnoreCase(name, "gzip"u8) || Ascii.EqualsIgnoreCase(name, "x-gzip"u8))
            {
                gzip = weight;
            }
            else if (name.SequenceEqual("*"u8))
            {
                star = weight;
            }
            else if (Ascii.EqualsIgnoreCase(name, "identity"u8))
            {
                identity = weight;
            }
        }
        brotli = brotli < 0 ? star : brotli;
        gzip = gzip < 0 ? star : gzip;
        var best = Math.Max(brotli, gzip);
        if (best <= 0 || identity > best)
        {
            return PageEncoding.Identity;
        }
        return brotli == best ? PageEncoding.Brotli : PageEncoding.Gzip;
    }

    public static PageEncoding Choose(StringValues fields)
    {
        if (fields.Count == 0)
        {
            return PageEncoding.Identity;
        }
        var text = fields.Count == 1 ? fields[0] ?? "" : string.Join(',', fields.ToArray());
        if (text.Length > 512)
        {
            return PageEncoding.Identity;
        }
        Span<byte> bytes = stackalloc byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
        }
        return Choose(bytes);
    }

    // The weight of "q=0.5" among an entry's parameters, in thousandths; -1 when there is a
    // parameter other than q or the weight is not a qvalue.
    private static int Weight(ReadOnlySpan<byte> parameters)
    {
        var text = parameters.Trim(" \t"u8);
        if (text.Length < 3 || (text[0] | 0x20) != 'q' || text[1] != '=')
        {
            return -1;
        }
        var value = text[2..];
        if (value[0] is not ((byte)'0' or (byte)'1') || value.Length > 5 || (value.Length > 1 && value[1] != '.'))
        {
            return -1;
        }
        var thousandths = (value[0] - '0') * 1000;
        var scale = 100;
        for (var i = 2; i < value.Length; i++, scale /= 10)
        {
            if (value[i] is < (byte)'0' or > (byte)'9')
            {
                return -1;
            }
            thousandths += (value[i] - '0') * scale;
        }
        return thousandths > 1000 ? -1 : thousandths;
    }

    // ASP.NET's choice of response, narrowed: over HTTPS only a response every reader shares
    // (Cache-Control public, no cookie set, asked for without credentials). Such a page holds
    // nothing secret, which is what makes compressing it under TLS safe.
    private sealed class PublicOverHttps(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context)
        {
            if (context.Request.IsHttps && !IsShared(context))
            {
                return false;
            }
            return base.ShouldCompressResponse(context);
        }

        private static bool IsShared(HttpContext context)
        {
            var headers = context.Response.Headers;
            return PublicPagePolicy.IsShared(context.Request) && !headers.ContainsKey(HeaderNames.SetCookie) &&
                   headers.CacheControl is [{ } cacheControl] && cacheControl.StartsWith("public", StringComparison.OrdinalIgnoreCase);
        }
    }
}
