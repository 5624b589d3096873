using System.Reflection;
using System.Security.Cryptography;

namespace Herald.Desk;

// The desk's stylesheet and script, served from the assembly under content-hashed names
// (the CSP allows only 'self' scripts, so the script is a file, never inline).
public static class DeskAssets
{
    private static readonly byte[] Stylesheet = Load("desk.css");
    private static readonly byte[] Script = Load("desk.js");

    public static readonly string StylesheetPath = $"/assets/desk.{Hash(Stylesheet)}.css";
    public static readonly string ScriptPath = $"/assets/desk.{Hash(Script)}.js";

    public static void MapDeskAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(StylesheetPath, (HttpContext c) => Serve(c, Stylesheet, "text/css; charset=utf-8"));
        endpoints.MapGet(ScriptPath, (HttpContext c) => Serve(c, Script, "text/javascript; charset=utf-8"));
    }

    private static IResult Serve(HttpContext context, byte[] bytes, string type)
    {
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return Results.Bytes(bytes, type);
    }

    private static byte[] Load(string name)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Desk.Assets." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes), 0, 6);
}
