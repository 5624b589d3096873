using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Herald.Articles;

public static partial class Slugs
{
    public const int MaxLength = 120;

    // Top-level paths that a section slug may not take, since sections live at "/{section}".
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "api", "author", "css", "desk", "errors", "feeds", "favicon.ico", "healthz", "js", "media", "readyz",
        "robots.txt", "search", "sitemap", "sitemap.xml", "sitemaps", "static", "tag", "account", "comments", "metrics", "setup", "assets",
    };

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(slug);

    // "Städte & Gemeinden" -> "staedte-gemeinden": German umlauts get their usual
    // transliteration, other accents are dropped, everything else becomes a hyphen.
    public static string From(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Trim().ToLowerInvariant())
        {
            switch (ch)
            {
                case 'ä': builder.Append("ae"); continue;
                case 'ö': builder.Append("oe"); continue;
                case 'ü': builder.Append("ue"); continue;
                case 'ß': builder.Append("ss"); continue;
            }
            foreach (var c in ch.ToString().Normalize(NormalizationForm.FormD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }
                builder.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
            }
        }
        var slug = HyphenRun().Replace(builder.ToString(), "-").Trim('-');
        if (slug.Length > MaxLength)
        {
            slug = slug[..MaxLength].TrimEnd('-');
        }
        return slug.Length == 0 ? "untitled" : slug;
    }

    public static string Humanize(string slug) =>
        slug.Length == 0 ? slug : char.ToUpperInvariant(slug[0]) + slug[1..].Replace('-', ' ');

    [GeneratedRegex("-{2,}")]
    private static partial Regex HyphenRun();
}
