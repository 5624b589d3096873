using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Herald.Articles;

// Writes herald/article@1 with a fixed property order and no defaults, so the same
// article always produces the same bytes (revisions, export and the API rely on it).
public static class ArticleJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static string Write(ArticleDocument a, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, indented ? Indented : Compact))
        {
            Write(w, a);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, ArticleDocument a)
    {
        w.WriteStartObject();
        w.WriteString("format", ArticleDocument.FormatName);
        w.WriteString("slug", a.Slug);
        if (a.PreviousSlugs.Count > 0)
        {
            Strings(w, "previousSlugs", a.PreviousSlugs);
        }
        w.WriteString("language", a.Language);
        Optional(w, "translationGroup", a.TranslationGroup);
        w.WriteString("section", a.Section);
        Optional(w, "sectionName", a.SectionName);
        Optional(w, "topline", a.Topline);
        w.WriteString("title", a.Title);
        w.WriteString("lead", a.Lead);
        if (a.Draft)
        {
            w.WriteString("state", "draft");
        }
        Optional(w, "published", a.Published);
        Optional(w, "updated", a.Updated);
        if (a.Breaking)
        {
            w.WriteBoolean("breaking", true);
        }
        if (a.Authors.Count > 0)
        {
            w.WriteStartArray("authors");
            foreach (var author in a.Authors)
            {
                w.WriteStartObject();
                w.WriteString("name", author.Name);
                w.WriteString("role", author.Role);
                Optional(w, "location", author.Location);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (a.Tags.Count > 0)
        {
            Strings(w, "tags", a.Tags);
        }
        if (a.TeaserImage is { } teaser)
        {
            w.WritePropertyName("teaserImage");
            Image(w, teaser, null);
        }
        if (a.Corrections.Count > 0)
        {
            w.WriteStartArray("corrections");
            foreach (var c in a.Corrections)
            {
                w.WriteStartObject();
                w.WriteString("text", c.Text);
                w.WriteString("date", Time(c.Date));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (a.CommentPolicy is { } policy)
        {
            w.WriteStartObject("commentPolicy");
            w.WriteString("mode", policy.Mode);
            if (policy.ClosesAfterHours is { } hours)
            {
                w.WriteNumber("closesAfterHours", hours);
            }
            w.WriteEndObject();
        }
        w.WriteStartArray("blocks");
        foreach (var block in a.Blocks)
        {
            Block(w, block);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Block(Utf8JsonWriter w, Block block)
    {
        if (block is ImageBlock image)
        {
            Image(w, image.Image, "image");
            return;
        }
        w.WriteStartObject();
        switch (block)
        {
            case ParagraphBlock p:
                w.WriteString("type", "paragraph");
                w.WriteString("text", p.Text);
                break;
            case SubheadingBlock s:
                w.WriteString("type", "subheading");
                w.WriteString("text", s.Text);
                break;
            case QuoteBlock q:
                w.WriteString("type", "quote");
                w.WriteString("text", q.Text);
                Optional(w, "speaker", q.Speaker);
                Optional(w, "role", q.Role);
                break;
            case GalleryBlock g:
                w.WriteString("type", "gallery");
                w.WriteStartArray("images");
                foreach (var i in g.Images)
                {
                    Image(w, i, null);
                }
                w.WriteEndArray();
                Optional(w, "caption", g.Caption);
                break;
            case VideoBlock v:
                w.WriteString("type", "video");
                w.WriteString("src", v.Src);
                Optional(w, "poster", v.Poster);
                Optional(w, "captions", v.Captions);
                Optional(w, "captionsLanguage", v.CaptionsLanguage);
                Optional(w, "caption", v.Caption);
                Optional(w, "credit", v.Credit);
                Optional(w, "programme", v.Programme);
                Optional(w, "airTime", v.AirTime);
                Optional(w, "correspondent", v.Correspondent);
                Optional(w, "durationSeconds", v.DurationSeconds);
                break;
            case AudioBlock au:
                w.WriteString("type", "audio");
                w.WriteString("src", au.Src);
                Optional(w, "caption", au.Caption);
                Optional(w, "credit", au.Credit);
                Optional(w, "durationSeconds", au.DurationSeconds);
                break;
            case BoxBlock b:
                w.WriteString("type", "box");
                w.WriteString("title", b.Title);
                w.WriteString("text", b.Text);
                if (b.Link is { } link)
                {
                    w.WriteStartObject("link");
                    w.WriteString("url", link.Url);
                    w.WriteString("text", link.Text);
                    w.WriteEndObject();
                }
                if (b.Image is { } boxImage)
                {
                    w.WritePropertyName("image");
                    Image(w, boxImage, null);
                }
                break;
            case ListBlock l:
                w.WriteString("type", "list");
                w.WriteString("style", l.Numbered ? "numbered" : "bulleted");
                Strings(w, "items", l.Items);
                break;
            case RelatedBlock r:
                w.WriteString("type", "related");
                Strings(w, "slugs", r.Slugs);
                break;
            case EmbedBlock e:
                w.WriteString("type", "embed");
                w.WriteString("url", e.Url);
                Optional(w, "title", e.Title);
                break;
            default:
                throw new InvalidOperationException($"No writer for {block.GetType().Name}");
        }
        w.WriteEndObject();
    }

    private static void Image(Utf8JsonWriter w, ImageRef image, string? type)
    {
        w.WriteStartObject();
        if (type is not null)
        {
            w.WriteString("type", type);
        }
        w.WriteString("src", image.Src);
        w.WriteString("alt", image.Alt);
        Optional(w, "caption", image.Caption);
        Optional(w, "credit", image.Credit);
        Optional(w, "width", image.Width);
        Optional(w, "height", image.Height);
        w.WriteEndObject();
    }

    public static string Time(DateTimeOffset t) =>
        t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Time(v));
        }
    }
}
