using System.Xml;
using Herald.Reading;

namespace Herald.Feeds;

// Atom 1.0 (RFC 4287). The feed's id is its own address; each entry's id is the
// article's tag URI. The site is the feed's author, so an entry without credits
// still has one, as the RFC requires.
public static class AtomFeed
{
    private const string Ns = "http://www.w3.org/2005/Atom";

    public static byte[] Write(Feed feed) => FeedXml.Write(x =>
    {
        x.WriteStartElement("feed", Ns);
        if (feed.Language is not null)
        {
            x.WriteAttributeString("xml", "lang", null, feed.Language);
        }
        FeedXml.Element(x, "id", feed.Self.Atom);
        Text(x, "title", feed.Title);
        Text(x, "subtitle", feed.Description);
        FeedXml.Element(x, "updated", Times.Iso(feed.Updated));
        Link(x, "self", feed.Self.Atom, "application/atom+xml");
        Link(x, "alternate", feed.HomeUrl, "text/html");
        if (feed.Hub is not null)
        {
            Link(x, "hub", feed.Hub, null);
        }
        Person(x, "author", feed.Publisher);
        FeedXml.Element(x, "generator", "Herald");
        FeedXml.Element(x, "icon", feed.IconUrl);
        foreach (var entry in feed.Entries)
        {
            Entry(x, entry);
        }
        x.WriteEndElement();
    });

    private static void Entry(XmlWriter x, FeedEntry entry)
    {
        x.WriteStartElement("entry");
        x.WriteAttributeString("xml", "lang", null, entry.Language);
        FeedXml.Element(x, "id", entry.Id);
        Text(x, "title", entry.Title);
        FeedXml.Element(x, "published", Times.Iso(entry.Published));
        FeedXml.Element(x, "updated", Times.Iso(entry.Updated));
        Link(x, "alternate", entry.Url, "text/html");
        foreach (var author in entry.Authors)
        {
            Person(x, "author", author);
        }
        foreach (var category in entry.Categories)
        {
            x.WriteStartElement("category");
            x.WriteAttributeString("term", category.Term);
            x.WriteAttributeString("scheme", category.Scheme);
            x.WriteAttributeString("label", FeedXml.Clean(category.Label));
            x.WriteEndElement();
        }
        // No length attribute: Atom makes it optional, and a made-up one would mislead.
        foreach (var enclosure in entry.Enclosures)
        {
            Link(x, "enclosure", enclosure.Url, enclosure.MimeType);
        }
        Text(x, "summary", entry.Summary);
        if (entry.ContentHtml is not null)
        {
            x.WriteStartElement("content");
            x.WriteAttributeString("type", "html");
            x.WriteString(FeedXml.Clean(entry.ContentHtml));
            x.WriteEndElement();
        }
        x.WriteEndElement();
    }

    private static void Text(XmlWriter x, string name, string value)
    {
        x.WriteStartElement(name);
        x.WriteAttributeString("type", "text");
        x.WriteString(FeedXml.Clean(value));
        x.WriteEndElement();
    }

    private static void Link(XmlWriter x, string rel, string href, string? type)
    {
        x.WriteStartElement("link");
        x.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            x.WriteAttributeString("type", type);
        }
        x.WriteAttributeString("href", href);
        x.WriteEndElement();
    }

    private static void Person(XmlWriter x, string role, FeedPerson person)
    {
        x.WriteStartElement(role);
        FeedXml.Element(x, "name", person.Name);
        FeedXml.Element(x, "uri", person.Url);
        x.WriteEndElement();
    }
}
