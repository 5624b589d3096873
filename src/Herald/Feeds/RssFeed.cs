using System.Globalization;
using System.Xml;
using Herald.Reading;

namespace Herald.Feeds;

// RSS 2.0 (rssboard.org), with atom:link rel="self" (and rel="hub" for WebSub),
// content:encoded for the full body, dc:creator for credits, dcterms:modified for the
// status stamp, and Media RSS for every medium. An item gets one <enclosure> only, as
// the RSS Advisory Board's profile asks; media:content lists all of them.
public static class RssFeed
{
    private const string Atom = "http://www.w3.org/2005/Atom";
    private const string Content = "http://purl.org/rss/1.0/modules/content/";
    private const string Dc = "http://purl.org/dc/elements/1.1/";
    private const string DcTerms = "http://purl.org/dc/terms/";
    private const string Media = "http://search.yahoo.com/mrss/";

    public static byte[] Write(Feed feed) => FeedXml.Write(x =>
    {
        x.WriteStartElement("rss");
        x.WriteAttributeString("version", "2.0");
        x.WriteAttributeString("xmlns", "atom", null, Atom);
        x.WriteAttributeString("xmlns", "content", null, Content);
        x.WriteAttributeString("xmlns", "dc", null, Dc);
        x.WriteAttributeString("xmlns", "dcterms", null, DcTerms);
        x.WriteAttributeString("xmlns", "media", null, Media);
        x.WriteStartElement("channel");
        FeedXml.Element(x, "title", feed.Title);
        FeedXml.Element(x, "link", feed.HomeUrl);
        FeedXml.Element(x, "description", feed.Description);
        if (feed.Language is not null)
        {
            FeedXml.Element(x, "language", feed.Language);
        }
        FeedXml.Element(x, "lastBuildDate", FeedXml.Rfc822(feed.Updated));
        FeedXml.Element(x, "generator", "Herald");
        FeedXml.Element(x, "docs", "https://www.rssboard.org/rss-specification");
        AtomLink(x, "self", feed.Self.Rss, "application/rss+xml");
        if (feed.Hub is not null)
        {
            AtomLink(x, "hub", feed.Hub, null);
        }
        foreach (var entry in feed.Entries)
        {
            Item(x, entry);
        }
        x.WriteEndElement();
        x.WriteEndElement();
    });

    private static void Item(XmlWriter x, FeedEntry entry)
    {
        x.WriteStartElement("item");
        FeedXml.Element(x, "title", entry.Title);
        FeedXml.Element(x, "link", entry.Url);
        x.WriteStartElement("guid");
        x.WriteAttributeString("isPermaLink", "false");
        x.WriteString(entry.Id);
        x.WriteEndElement();
        FeedXml.Element(x, "description", entry.Summary);
        if (entry.ContentHtml is not null)
        {
            FeedXml.Element(x, "content", "encoded", Content, entry.ContentHtml);
        }
        FeedXml.Element(x, "pubDate", FeedXml.Rfc822(entry.Published));
        FeedXml.Element(x, "dcterms", "modified", DcTerms, Times.Iso(entry.Updated));
        foreach (var author in entry.Authors)
        {
            FeedXml.Element(x, "dc", "creator", Dc, author.Name);
        }
        foreach (var category in entry.Categories)
        {
            x.WriteStartElement("category");
            x.WriteAttributeString("domain", category.Scheme);
            x.WriteString(FeedXml.Clean(category.Label));
            x.WriteEndElement();
        }
        if (entry.Enclosures.Count > 0)
        {
            var first = entry.Enclosures[0];
            x.WriteStartElement("enclosure");
            x.WriteAttributeString("url", first.Url);
            // RSS requires a length; 0 says it is unknown.
            x.WriteAttributeString("length", "0");
            x.WriteAttributeString("type", first.MimeType);
            x.WriteEndElement();
        }
        foreach (var enclosure in entry.Enclosures)
        {
            x.WriteStartElement("media", "content", Media);
            x.WriteAttributeString("url", enclosure.Url);
            x.WriteAttributeString("type", enclosure.MimeType);
            x.WriteAttributeString("medium", enclosure.Medium);
            if (enclosure.DurationSeconds is { } seconds)
            {
                x.WriteAttributeString("duration", seconds.ToString(CultureInfo.InvariantCulture));
            }
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void AtomLink(XmlWriter x, string rel, string href, string? type)
    {
        x.WriteStartElement("atom", "link", Atom);
        x.WriteAttributeString("href", href);
        x.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            x.WriteAttributeString("type", type);
        }
        x.WriteEndElement();
    }
}
