using System.Globalization;
using System.Text.RegularExpressions;
using Herald.Articles;
using Herald.Reading;
using Microsoft.AspNetCore.StaticFiles;

namespace Herald.Feeds;

// Turns article rows into feed entries: absolute URLs, stable ids, credits, categories
// and media enclosures. Pure, so the three writers can be tested on a Feed value alone.
public static partial class FeedBuilder
{
    private static readonly FileExtensionContentTypeProvider FallbackTypes = new();

    public static FeedEntry Entry(FeedRow row, string baseUrl, bool fullContent)
    {
        var doc = ArticleFormat.Parse(row.Document).Document;
        var url = baseUrl + ArticlePaths.Article(row.SectionSlug, row.Slug);
        var categories = new List<FeedCategory> { new(row.SectionSlug, row.SectionName, baseUrl + "/") };
        categories.AddRange((doc?.Tags ?? []).Select(t => new FeedCategory(Slugs.From(t), t, baseUrl + "/tag/")));
        var image = doc is null ? null : ArticleMetadata.PrimaryImage(doc);
        return new FeedEntry(
            Id: EntryId(baseUrl, row.Id, row.CreatedAt),
            Url: url,
            Title: row.Topline is { Length: > 0 } topline ? $"{topline}: {row.Title}" : row.Title,
            Summary: row.Lead,
            ContentHtml: fullContent ? AbsoluteLinks(row.BodyHtml, baseUrl) : null,
            Published: row.FirstPublishedAt,
            Updated: row.UpdatedAt,
            Language: row.Language,
            ImageUrl: image is null ? null : Absolute(image.Src, baseUrl),
            Authors: (doc?.Authors ?? []).Select(a => new FeedPerson(a.Name, baseUrl + ArticlePaths.AuthorOf(a.Name))).ToList(),
            Categories: categories.DistinctBy(c => (c.Scheme, c.Term)).ToList(),
            Enclosures: doc is null ? [] : Enclosures(doc, baseUrl));
    }

    // A tag URI (RFC 4151) from the article's id and the day its row was created: neither
    // changes when the article is retitled, moved to another section or renamed.
    public static string EntryId(string baseUrl, long articleId, long createdAtMs)
    {
        var host = new Uri(baseUrl).Host;
        var day = DateTimeOffset.FromUnixTimeMilliseconds(createdAtMs).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"tag:{host},{day}:article:{articleId}";
    }

    public static IReadOnlyList<FeedEnclosure> Enclosures(ArticleDocument doc, string baseUrl) =>
        doc.Blocks.Select(b => b switch
            {
                VideoBlock v => new FeedEnclosure(Absolute(v.Src, baseUrl), MimeType(v.Src, "video"), "video", v.DurationSeconds),
                AudioBlock a => new FeedEnclosure(Absolute(a.Src, baseUrl), MimeType(a.Src, "audio"), "audio", a.DurationSeconds),
                ImageBlock i => new FeedEnclosure(Absolute(i.Image.Src, baseUrl), MimeType(i.Image.Src, "image"), "image", null),
                _ => null,
            })
            .OfType<FeedEnclosure>()
            .DistinctBy(e => e.Url)
            .ToList();

    // From the file extension of the URL's path. Containers that hold either sound or
    // pictures (mp4, webm, ogg) take the block's medium; a stream or an unknown file is bytes.
    public static string MimeType(string src, string medium)
    {
        var path = src.StartsWith('/') || !Uri.TryCreate(src, UriKind.Absolute, out var uri) ? src.Split('?', '#')[0] : uri.AbsolutePath;
        var extension = Path.GetExtension(path).TrimStart('.').ToUpperInvariant();
        if (extension is "MP4" or "WEBM" or "OGG" && medium is "audio" or "video")
        {
            return $"{medium}/{extension.ToLowerInvariant()}";
        }
        return KnownTypes.TryGetValue(extension, out var known) ? known
            : FallbackTypes.TryGetContentType(path, out var type) ? type
            : "application/octet-stream";
    }

    private static readonly Dictionary<string, string> KnownTypes = new(StringComparer.Ordinal)
    {
        ["MP4"] = "video/mp4", ["M4V"] = "video/mp4", ["MOV"] = "video/quicktime", ["WEBM"] = "video/webm", ["OGV"] = "video/ogg",
        ["M3U8"] = "application/vnd.apple.mpegurl", ["MPD"] = "application/dash+xml",
        ["MP3"] = "audio/mpeg", ["M4A"] = "audio/mp4", ["AAC"] = "audio/aac", ["OGG"] = "audio/ogg", ["OGA"] = "audio/ogg",
        ["OPUS"] = "audio/ogg", ["WAV"] = "audio/wav", ["FLAC"] = "audio/flac",
        ["JPG"] = "image/jpeg", ["JPEG"] = "image/jpeg", ["PNG"] = "image/png", ["GIF"] = "image/gif", ["WEBP"] = "image/webp",
        ["AVIF"] = "image/avif", ["SVG"] = "image/svg+xml",
    };

    public static string Absolute(string src, string baseUrl) =>
        src.StartsWith('/') && !src.StartsWith("//", StringComparison.Ordinal) ? baseUrl + src : src;

    // Feed readers show the body away from the site, so links and media to "/..." need the host.
    // The renderer writes every URL in a double-quoted src, href or poster attribute.
    public static string AbsoluteLinks(string html, string baseUrl) => SiteRelativeUrl().Replace(html, m => m.Groups[1].Value + baseUrl + "/");

    [GeneratedRegex("""(\s(?:src|href|poster)=")/(?!/)""", RegexOptions.CultureInvariant)]
    private static partial Regex SiteRelativeUrl();
}
