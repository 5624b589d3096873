using System.Xml;
using Herald.Reading;

namespace Herald.Feeds;

public sealed record SitemapUrl(string Loc, long LastModified, NewsEntry? News = null);

public sealed record NewsEntry(string PublicationName, string Language, long PublicationDate, string Title);

// The sitemaps.org 0.9 protocol, with the Google News extension for the news sitemap.
public static class SitemapXml
{
    public const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    public const string NewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

    // The protocol's limit is 50,000 URLs and 50 MB a file; smaller files are quicker to fetch and to cache.
    public const int UrlsPerFile = 10_000;

    public static byte[] Index(IEnumerable<SitemapUrl> sitemaps) => FeedXml.Write(x =>
    {
        x.WriteStartElement("sitemapindex", Ns);
        foreach (var sitemap in sitemaps)
        {
            x.WriteStartElement("sitemap");
            FeedXml.Element(x, "loc", sitemap.Loc);
            if (sitemap.LastModified > 0)
            {
                FeedXml.Element(x, "lastmod", Times.Iso(sitemap.LastModified));
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
    });

    public static byte[] UrlSet(IReadOnlyList<SitemapUrl> urls) => FeedXml.Write(x =>
    {
        x.WriteStartElement("urlset", Ns);
        if (urls.Any(u => u.News is not null))
        {
            x.WriteAttributeString("xmlns", "news", null, NewsNs);
        }
        foreach (var url in urls)
        {
            x.WriteStartElement("url");
            FeedXml.Element(x, "loc", url.Loc);
            FeedXml.Element(x, "lastmod", Times.Iso(url.LastModified));
            if (url.News is { } news)
            {
                News(x, news);
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
    });

    private static void News(XmlWriter x, NewsEntry news)
    {
        x.WriteStartElement("news", "news", NewsNs);
        x.WriteStartElement("news", "publication", NewsNs);
        FeedXml.Element(x, "news", "name", NewsNs, news.PublicationName);
        FeedXml.Element(x, "news", "language", NewsNs, news.Language);
        x.WriteEndElement();
        FeedXml.Element(x, "news", "publication_date", NewsNs, Times.Iso(news.PublicationDate));
        FeedXml.Element(x, "news", "title", NewsNs, news.Title);
        x.WriteEndElement();
    }

    // Google News takes an ISO 639 code, except for Chinese, where it wants zh-cn or zh-tw.
    public static string NewsLanguage(string language)
    {
        var lower = language.ToLowerInvariant();
        var primary = lower.Split('-')[0];
        if (primary != "zh")
        {
            return primary;
        }
        return lower.Contains("-tw", StringComparison.Ordinal) || lower.Contains("-hant", StringComparison.Ordinal) || lower.Contains("-hk", StringComparison.Ordinal)
            ? "zh-tw"
            : "zh-cn";
    }
}
