using System.Text.Encodings.Web;
using System.Text.Json;
using Herald.Reading;

namespace Herald.Feeds;

// JSON Feed 1.1 (jsonfeed.org/version/1.1). Optional members are left out rather
// than written as null, as the spec asks of publishers.
public static class JsonFeed
{
    public const string Version = "https://jsonfeed.org/version/1.1";

    // Served as application/feed+json, never inside HTML, so "<" and non-ASCII letters stay as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static byte[] Write(Feed feed)
    {
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, Options))
        {
            j.WriteStartObject();
            j.WriteString("version", Version);
            j.WriteString("title", feed.Title);
            j.WriteString("home_page_url", feed.HomeUrl);
            j.WriteString("feed_url", feed.Self.Json);
            j.WriteString("description", feed.Description);
            j.WriteString("favicon", feed.IconUrl);
            Authors(j, [feed.Publisher]);
            if (feed.Language is not null)
            {
                j.WriteString("language", feed.Language);
            }
            if (feed.Hub is not null)
            {
                j.WriteStartArray("hubs");
                j.WriteStartObject();
                j.WriteString("type", "WebSub");
                j.WriteString("url", feed.Hub);
                j.WriteEndObject();
                j.WriteEndArray();
            }
            j.WriteStartArray("items");
            foreach (var entry in feed.Entries)
            {
                Item(j, entry);
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Item(Utf8JsonWriter j, FeedEntry entry)
    {
        j.WriteStartObject();
        j.WriteString("id", entry.Id);
        j.WriteString("url", entry.Url);
        j.WriteString("title", entry.Title);
        if (entry.ContentHtml is not null)
        {
            j.WriteString("content_html", entry.ContentHtml);
        }
        else
        {
            // An item needs content_html or content_text; in summary mode the lead is the content.
            j.WriteString("content_text", entry.Summary);
        }
        j.WriteString("summary", entry.Summary);
        if (entry.ImageUrl is not null)
        {
            j.WriteString("image", entry.ImageUrl);
        }
        j.WriteString("date_published", Times.Iso(entry.Published));
        j.WriteString("date_modified", Times.Iso(entry.Updated));
        if (entry.Authors.Count > 0)
        {
            Authors(j, entry.Authors);
        }
        j.WriteStartArray("tags");
        foreach (var label in entry.Categories.Select(c => c.Label).Distinct(StringComparer.Ordinal))
        {
            j.WriteStringValue(label);
        }
        j.WriteEndArray();
        j.WriteString("language", entry.Language);
        if (entry.Enclosures.Count > 0)
        {
            j.WriteStartArray("attachments");
            foreach (var enclosure in entry.Enclosures)
            {
                j.WriteStartObject();
                j.WriteString("url", enclosure.Url);
                j.WriteString("mime_type", enclosure.MimeType);
                if (enclosure.DurationSeconds is { } seconds)
                {
                    j.WriteNumber("duration_in_seconds", seconds);
                }
                j.WriteEndObject();
            }
            j.WriteEndArray();
        }
        j.WriteEndObject();
    }

    private static void Authors(Utf8JsonWriter j, IEnumerable<FeedPerson> people)
    {
        j.WriteStartArray("authors");
        foreach (var person in people)
        {
            j.WriteStartObject();
            j.WriteString("name", person.Name);
            j.WriteString("url", person.Url);
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }
}
