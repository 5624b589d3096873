using System.Reflection;
using System.Security.Cryptography;

namespace Herald.Reading;

// The stylesheet ships inside the assembly and is served under a content-hashed
// name, so browsers and CDNs may keep it forever and a new build changes the name.
public static class Assets
{
    private static readonly byte[] Stylesheet = Load("site.css");
    private static readonly byte[] Logo = Load("logo.svg");
    private static readonly byte[] CommentsScript = Load("comments.js");
    private static readonly byte[] ModerationScript = Load("moderation.js");

    public static readonly string StylesheetPath = $"/assets/site.{Hash(Stylesheet)}.css";
    public static readonly string LogoPath = $"/assets/logo.{Hash(Logo)}.svg";
    public static readonly string CommentsScriptPath = $"/assets/comments.{Hash(CommentsScript)}.js";
    public static readonly string ModerationScriptPath = $"/assets/moderation.{Hash(ModerationScript)}.js";

    public static void MapAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StylesheetPath, (HttpContext c) => Serve(c, Stylesheet, "text/css; charset=utf-8"));
        endpoints.MapGet(LogoPath, (HttpContext c) => Serve(c, Logo, "image/svg+xml"));
        endpoints.MapGet(CommentsScriptPath, (HttpContext c) => Serve(c, CommentsScript, "text/javascript; charset=utf-8"));
        endpoints.MapGet(ModerationScriptPath, (HttpContext c) => Serve(c, ModerationScript, "text/javascript; charset=utf-8"));
    }

    private static IResult Serve(HttpContext context, byte[] bytes, string type)
    {
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(bytes, type);
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
