using System.Reflection;
using System.Security.Cryptography;

namespace Herald.Reading;

// The stylesheet ships inside the assembly and is served under a content-hashed
// name, so browsers and CDNs may keep it forever and a new build changes the name.
// Each file is also kept as gzip and Brotli, made on its first request that asks for
// them, and sent in the coding the request picks (Compression.Choose).
public static class Assets
{
    private static readonly Asset Stylesheet = new(Load("site.css"));
    private static readonly Asset Logo = new(Load("logo.svg"));
    private static readonly Asset CommentsScript = new(Load("comments.js"));
    private static readonly Asset ModerationScript = new(Load("moderation.js"));

    private sealed class Asset(byte[] plain)
    {
        private readonly byte[]?[] coded = new byte[]?[3];

        public byte[] Plain => plain;

        public byte[] In(PageEncoding encoding) =>
            encoding == PageEncoding.Identity ? plain : coded[(int)encoding] ??= Compression.Encode(plain, encoding);
    }

    public static readonly string StylesheetPath = $"/assets/site.{Hash(Stylesheet.Plain)}.css";
    public static readonly string LogoPath = $"/assets/logo.{Hash(Logo.Plain)}.svg";
    public static readonly string CommentsScriptPath = $"/assets/comments.{Hash(CommentsScript.Plain)}.js";
    public static readonly string ModerationScriptPath = $"/assets/moderation.{Hash(ModerationScript.Plain)}.js";

    public static void MapAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StylesheetPath, (HttpContext c) => Serve(c, Stylesheet, "text/css; charset=utf-8"));
        endpoints.MapGet(LogoPath, (HttpContext c) => Serve(c, Logo, "image/svg+xml"));
        endpoints.MapGet(CommentsScriptPath, (HttpContext c) => Serve(c, CommentsScript, "text/javascript; charset=utf-8"));
        endpoints.MapGet(ModerationScriptPath, (HttpContext c) => Serve(c, ModerationScript, "text/javascript; charset=utf-8"));
    }

    private static IResult Serve(HttpContext context, Asset asset, string type)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "public, max-age=31536000, immutable";
        headers.Vary = Compression.VaryValue;
        var encoding = Compression.Choose(context.Request.Headers.AcceptEncoding);
        headers.ContentEncoding = Compression.Name(encoding);
        return Results.Bytes(asset.In(encoding), type);
    }

    private static byte[] Load(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Reading.Assets." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 6);
}
