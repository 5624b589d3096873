using System.Buffers;
using System.Globalization;
using System.Text;
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
    // Written property by property (serializing nested dictionaries of objects cost about 4 %
    // of an uncached article page), straight into the page (PageWriter.Json).
    public static void NewsArticleJsonLd(Utf8JsonWriter w, ArticlePageView page)
    {
        var (article, doc, baseUrl, url, siteName) = (page.Article, page.Doc, page.BaseUrl, page.CanonicalUrl, page.SiteName);
        var image = PrimaryImage(doc);
        w.WriteStartObject();
        w.WriteString("@context", "https://schema.org");
        w.WriteString("@type", "NewsArticle");
        w.WriteString("mainEntityOfPage", url);
        w.WriteString("url", url);
        w.WriteString("headline", doc.Title);
        w.WriteString("description", doc.Lead);
        w.WriteString("inLanguage", doc.Language);
        w.WriteString("articleSection", article.SectionName);
        if (doc.Tags.Count > 0)
        {
            w.WriteString("keywords", string.Join(", ", doc.Tags));
        }
        w.WriteString("datePublished", Times.Iso(article.FirstPublishedAt));
        w.WriteString("dateModified", Times.Iso(article.UpdatedAt));
        w.WriteStartArray("image");
        w.WriteStringValue(image is null ? baseUrl + Assets.LogoPath : Absolute(image.Src, baseUrl));
        w.WriteEndArray();
        w.WriteStartArray("author");
        foreach (var author in doc.Authors)
        {
            w.WriteStartObject();
            w.WriteString("@type", "Person");
            w.WriteString("name", author.Name);
            w.WriteString("url", baseUrl + ArticlePaths.AuthorOf(author.Name));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("publisher");
        w.WriteString("@type", "NewsMediaOrganization");
        w.WriteString("name", siteName);
        w.WriteString("url", baseUrl + "/");
        w.WriteStartObject("logo");
        w.WriteString("@type", "ImageObject");
        w.WriteString("url", baseUrl + Assets.LogoPath);
        w.WriteEndObject();
        w.WriteEndObject();
        if (doc.Corrections.Count > 0)
        {
            w.WriteStartArray("correction");
            foreach (var correction in doc.Corrections)
            {
                w.WriteStartObject();
                w.WriteString("@type", "CorrectionComment");
                w.WriteString("text", correction.Text);
                w.WriteString("datePublished", Times.Iso(correction.Date.ToUnixTimeMilliseconds()));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    // Home > Section > Article, for search engines' breadcrumb display.
    public static void BreadcrumbJsonLd(Utf8JsonWriter w, ArticlePageView page)
    {
        var (article, doc, baseUrl, url, siteName) = (page.Article, page.Doc, page.BaseUrl, page.CanonicalUrl, page.SiteName);
        w.WriteStartObject();
        w.WriteString("@context", "https://schema.org");
        w.WriteString("@type", "BreadcrumbList");
        w.WriteStartArray("itemListElement");
        Crumb(w, 1, siteName, baseUrl + "/");
        Crumb(w, 2, article.SectionName, baseUrl + ArticlePaths.Section(article.SectionSlug));
        Crumb(w, 3, doc.Title, url);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // List pages: a CollectionPage whose main entity is the ordered list of stories shown.
    public static string CollectionJsonLd(string name, string url, IEnumerable<ArticleSummary> items, string baseUrl) =>
        Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("@context", "https://schema.org");
            w.WriteString("@type", "CollectionPage");
            w.WriteString("name", name);
            w.WriteString("url", url);
            w.WriteStartObject("mainEntity");
            w.WriteString("@type", "ItemList");
            w.WriteString("itemListOrder", "https://schema.org/ItemListOrderDescending");
            w.WriteStartArray("itemListElement");
            var position = 0;
            foreach (var item in items)
            {
                w.WriteStartObject();
                w.WriteString("@type", "ListItem");
                w.WriteNumber("position", ++position);
                w.WriteString("url", baseUrl + item.Path);
                w.WriteString("name", item.Title);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        });

    private static void Crumb(Utf8JsonWriter w, int position, string name, string url)
    {
        w.WriteStartObject();
        w.WriteString("@type", "ListItem");
        w.WriteNumber("position", position);
        w.WriteString("name", name);
        w.WriteString("item", url);
        w.WriteEndObject();
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Absolute(string src, string baseUrl) => src.StartsWith('/') ? baseUrl + src : src;
}
