namespace Herald.Articles;

public static class Urls
{
    public const int MaxLength = 2000;

    // Media and link targets: absolute http(s), or a path on this site ("/media/...", not "//host").
    public static bool IsMedia(string? value) =>
        value is { Length: > 0 and <= MaxLength } &&
        (IsAbsolute(value, "http", "https") || (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.Contains('\\', StringComparison.Ordinal)));

    public static bool IsWeb(string? value) => value is { Length: > 0 and <= MaxLength } && IsAbsolute(value, "http", "https");

    public static bool IsLink(string? value) =>
        IsMedia(value) || (value is { Length: > 7 and <= MaxLength } && IsAbsolute(value, "mailto"));

    private static bool IsAbsolute(string value, params string[] schemes) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) &&
        schemes.Contains(uri.Scheme, StringComparer.Ordinal) &&
        (uri.Scheme == "mailto" || uri.Host.Length > 0) &&
        !value.Any(char.IsWhiteSpace);
}
