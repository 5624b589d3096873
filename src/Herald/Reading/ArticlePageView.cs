using Herald.Articles;
using Herald.Comments;
using Herald.Hosting;

namespace Herald.Reading;

// Everything the article page shows, gathered by its handler (ArticleEndpoint) or by the
// desk's preview of a revision that is not public yet, and written by ArticleHtml.
public sealed class ArticlePageView
{
    private readonly TimeZoneInfo zone;

    public ArticlePageView(ArticleView article, ArticleDocument doc, IReadOnlyList<ArticleSummary> translations, string baseUrl, HeraldOptions options,
        DiscussionModel? discussion = null)
    {
        Article = article;
        Doc = doc;
        Labels = Labels.For(doc.Language);
        Translations = translations;
        BaseUrl = baseUrl;
        SiteName = options.SiteName;
        zone = options.Zone;
        Discussion = discussion;
        CanonicalUrl = baseUrl + ArticlePaths.Article(article.SectionSlug, article.Slug);
        // x-default: the version first published, which is the original of the story.
        var original = translations.Where(t => t.FirstPublishedAt < article.FirstPublishedAt).MinBy(t => t.FirstPublishedAt);
        XDefaultUrl = original is null ? CanonicalUrl : baseUrl + original.Path;
    }

    public ArticleView Article { get; }
    public ArticleDocument Doc { get; }
    public Labels Labels { get; }
    public IReadOnlyList<ArticleSummary> Translations { get; }
    public string BaseUrl { get; }
    public string SiteName { get; }
    public string CanonicalUrl { get; }
    public string XDefaultUrl { get; }
    public string OEmbedUrl => $"{BaseUrl}/api/oembed?url={Uri.EscapeDataString(CanonicalUrl)}&format=json";

    // Null in the desk's preview, which shows the article only.
    public DiscussionModel? Discussion { get; }

    public string Time(long unixMs) => Labels.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), Doc.Language, zone);

    public string Time(DateTimeOffset t) => Labels.FormatTime(t, Doc.Language, zone);
}
