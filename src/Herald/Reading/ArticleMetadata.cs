using System.Globalization;
using System.Text.Json;
using Herald.Articles;

namespace Herald.Reading;

public static class ArticleMetadata
{
    public static ImageRef? PrimaryImage(ArticleDocument doc) =>
        doc.TeaserImage ?? doc.Blocks.OfType<ImageBlock>().Select(b => b.Image).FirstOrDefault()
        ?? doc.Blocks.OfType<GalleryBlock>().SelectMany(g => g.Images).FirstOrDefault();

    public static string LanguageName(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language).NativeName;
        }
        catch (CultureNotFoundException)
        {
            return language;
        }
    }

    // schema.org NewsArticle. The default encoder escapes "<" and ">", so the JSON is safe inside a script element.
    public static string NewsArticleJsonLd(ArticleView article, ArticleDocument doc, string baseUrl, string url, string siteName)
    {
        var image = PrimaryImage(doc);
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "NewsArticle",
            ["mainEntityOfPage"] = url,
            ["url"] = url,
            ["headline"] = doc.Title,
            ["description"] = doc.Lead,
            ["inLanguage"] = doc.Language,
            ["articleSection"] = article.SectionName,
            ["keywords"] = doc.Tags.Count > 0 ? string.Join(", ", doc.Tags) : null,
            ["datePublished"] = Times.Iso(article.FirstPublishedAt),
            ["dateModified"] = Times.Iso(article.UpdatedAt),
            ["image"] = image is null ? new[] { baseUrl + Assets.LogoPath } : new[] { Absolute(image.Src, baseUrl) },
            ["author"] = doc.Authors.Select(a => new Dictionary<string, object?>
            {
                ["@type"] = "Person",
                ["name"] = a.Name,
                ["url"] = baseUrl + ArticlePaths.Author(Slugs.From(a.Name)),
            }).ToList(),
            ["publisher"] = new Dictionary<string, object?>
            {
                ["@type"] = "NewsMediaOrganization",
                ["name"] = siteName,
                ["url"] = baseUrl + "/",
                ["logo"] = new Dictionary<string, object?> { ["@type"] = "ImageObject", ["url"] = baseUrl + Assets.LogoPath },
            },
            ["correction"] = doc.Corrections.Count == 0 ? null : doc.Corrections.Select(c => new Dictionary<string, object?>
            {
                ["@type"] = "CorrectionComment",
                ["text"] = c.Text,
                ["datePublished"] = Times.Iso(c.Date.ToUnixTimeMilliseconds()),
            }).ToList(),
        };
        var present = data.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value);
        return JsonSerializer.Serialize(present);
    }

    // Home > Section > Article, for search engines' breadcrumb display.
    public static string BreadcrumbJsonLd(ArticleView article, ArticleDocument doc, string baseUrl, string url, string siteName) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "BreadcrumbList",
            ["itemListElement"] = new[]
            {
                Crumb(1, siteName, baseUrl + "/"),
                Crumb(2, article.SectionName, baseUrl + ArticlePaths.Section(article.SectionSlug)),
                Crumb(3, doc.Title, url),
            },
        });

    // List pages: a CollectionPage whose main entity is the ordered list of stories shown.
    public static string CollectionJsonLd(string name, string url, IEnumerable<ArticleSummary> items, string baseUrl) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "CollectionPage",
            ["name"] = name,
            ["url"] = url,
            ["mainEntity"] = new Dictionary<string, object?>
            {
                ["@type"] = "ItemList",
                ["itemListOrder"] = "https://schema.org/ItemListOrderDescending",
                ["itemListElement"] = items.Select((item, i) => new Dictionary<string, object?>
                {
                    ["@type"] = "ListItem",
                    ["position"] = i + 1,
                    ["url"] = baseUrl + item.Path,
                    ["name"] = item.Title,
                }).ToList(),
            },
        });

    private static Dictionary<string, object?> Crumb(int position, string name, string url) =>
        new() { ["@type"] = "ListItem", ["position"] = position, ["name"] = name, ["item"] = url };

    public static string Absolute(string src, string baseUrl) => src.StartsWith('/') ? baseUrl + src : src;
}
