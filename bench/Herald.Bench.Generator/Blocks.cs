using System.Globalization;
using System.Text.Json;

namespace Herald.Bench.Generator;

// The body of one article: 6-20 blocks, mostly paragraphs, with the other block
// types in roughly the mix a news desk uses.
internal sealed class Blocks(Random random, Text text)
{
    public sealed record Shape(int Count, bool HasVideo, bool HasQuote);

    public Shape Write(Utf8JsonWriter w, string slug, DateTimeOffset published, IReadOnlyList<string> earlierSlugs, IReadOnlyList<string> earlierPaths)
    {
        var count = random.Next(6, 21);
        var hasVideo = false;
        var hasQuote = false;
        var related = earlierSlugs.Count > 0 && random.Next(10) < 4;
        var media = 0;
        w.WriteStartArray("blocks");
        Paragraph(w, earlierPaths);
        for (var i = 1; i < count - (related ? 1 : 0); i++)
        {
            var roll = random.Next(100);
            switch (roll)
            {
                case < 62:
                    Paragraph(w, earlierPaths);
                    break;
                case < 72 when i > 1:
                    w.WriteStartObject();
                    w.WriteString("type", "subheading");
                    w.WriteString("text", text.Words(random.Next(3, 8)));
                    w.WriteEndObject();
                    break;
                case < 80:
                    Quote(w);
                    hasQuote = true;
                    break;
                case < 85:
                    w.WriteStartObject();
                    w.WriteString("type", "image");
                    Image(w, slug, published, ++media);
                    w.WriteEndObject();
                    break;
                case < 89:
                    Video(w, slug, published);
                    hasVideo = true;
                    break;
                case < 93:
                    List(w, earlierPaths);
                    break;
                case < 95:
                    Box(w, slug, published, ++media, earlierPaths);
                    break;
                case < 97:
                    Gallery(w, slug, published, ref media);
                    break;
                case < 98:
                    Audio(w, slug, published);
                    break;
                case < 99:
                    w.WriteStartObject();
                    w.WriteString("type", "embed");
                    w.WriteString("url", $"https://social.example.org/{Cast.Slug(text.Name())}/status/{random.Next(1_000_000, 9_999_999)}");
                    w.WriteString("title", text.Sentence(5, 12));
                    w.WriteEndObject();
                    break;
                default:
                    Paragraph(w, earlierPaths);
                    break;
            }
        }
        if (related)
        {
            w.WriteStartObject();
            w.WriteString("type", "related");
            w.WriteStartArray("slugs");
            // Mostly recent stories, sometimes an older one: a chain of coverage.
            foreach (var s in Enumerable.Range(0, random.Next(1, 5))
                         .Select(_ => earlierSlugs[Math.Max(0, earlierSlugs.Count - 1 - (int)(Math.Pow(random.NextDouble(), 3) * earlierSlugs.Count))])
                         .Distinct())
            {
                w.WriteStringValue(s);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        return new Shape(count, hasVideo, hasQuote);
    }

    private void Paragraph(Utf8JsonWriter w, IReadOnlyList<string> earlierPaths)
    {
        w.WriteStartObject();
        w.WriteString("type", "paragraph");
        w.WriteString("text", text.InlineHtml(random.Next(40, 121), earlierPaths));
        w.WriteEndObject();
    }

    private void Quote(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type", "quote");
        w.WriteString("text", text.Sentence(8, 30) + (random.Next(2) == 0 ? " " + text.Sentence(6, 18) : ""));
        if (random.Next(10) < 8)
        {
            w.WriteString("speaker", text.Name());
            if (random.Next(3) > 0)
            {
                w.WriteString("role", Cast.Pick(random, Words.Roles));
            }
        }
        w.WriteEndObject();
    }

    // The fields of an image object, without "type" (also used in galleries and boxes).
    private void Image(Utf8JsonWriter w, string slug, DateTimeOffset published, int n)
    {
        w.WriteString("src", $"{MediaBase(published)}/images/{slug}-{n}.jpg");
        w.WriteString("alt", text.Words(random.Next(6, 16)));
        if (random.Next(10) < 6)
        {
            w.WriteString("caption", text.Sentence(6, 18));
        }
        if (random.Next(10) < 8)
        {
            w.WriteString("credit", $"{Cast.Pick(random, Words.Agencies)}/{text.Name()}");
        }
        if (random.Next(10) < 7)
        {
            w.WriteNumber("width", 1600);
            w.WriteNumber("height", random.Next(2) == 0 ? 1067 : 900);
        }
    }

    private void Video(Utf8JsonWriter w, string slug, DateTimeOffset published)
    {
        var media = MediaBase(published);
        var correspondent = text.Name();
        var place = text.Place();
        var programme = Cast.Pick(random, Words.Programmes);
        var air = published.AddMinutes(random.Next(30, 600));
        w.WriteStartObject();
        w.WriteString("type", "video");
        w.WriteString("src", $"{media}/video/{slug}.mp4");
        w.WriteString("poster", $"{media}/video/{slug}.jpg");
        if (random.Next(10) < 6)
        {
            w.WriteString("captions", $"{media}/video/{slug}.en.vtt");
            w.WriteString("captionsLanguage", "en");
        }
        w.WriteString("caption", $"{correspondent}, Herald {place}, on {text.Words(random.Next(3, 8), capitalise: false)}: \u201C{text.Words(random.Next(4, 10))}\u201D");
        if (random.Next(2) == 0)
        {
            w.WriteString("credit", string.Create(CultureInfo.InvariantCulture, $"{programme}, {air:HH:mm}, {air:d.M.yyyy}"));
        }
        w.WriteString("programme", programme);
        w.WriteString("airTime", Dates.Format(air));
        w.WriteString("correspondent", $"{correspondent}, {place}");
        w.WriteNumber("durationSeconds", random.Next(30, 301));
        w.WriteEndObject();
    }

    private void Audio(Utf8JsonWriter w, string slug, DateTimeOffset published)
    {
        w.WriteStartObject();
        w.WriteString("type", "audio");
        w.WriteString("src", $"{MediaBase(published)}/audio/{slug}.mp3");
        w.WriteString("caption", text.Sentence(6, 14));
        w.WriteString("credit", "Herald Radio");
        w.WriteNumber("durationSeconds", random.Next(20, 900));
        w.WriteEndObject();
    }

    private void List(Utf8JsonWriter w, IReadOnlyList<string> earlierPaths)
    {
        w.WriteStartObject();
        w.WriteString("type", "list");
        w.WriteString("style", random.Next(3) == 0 ? "numbered" : "bulleted");
        w.WriteStartArray("items");
        for (var i = random.Next(3, 7); i > 0; i--)
        {
            w.WriteStringValue(text.InlineHtml(random.Next(5, 21), earlierPaths));
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void Box(Utf8JsonWriter w, string slug, DateTimeOffset published, int n, IReadOnlyList<string> earlierPaths)
    {
        w.WriteStartObject();
        w.WriteString("type", "box");
        w.WriteString("title", text.Words(random.Next(2, 6)));
        w.WriteString("text", text.InlineHtml(random.Next(30, 81), earlierPaths));
        if (random.Next(2) == 0)
        {
            w.WriteStartObject("link");
            w.WriteString("url", earlierPaths.Count > 0 ? earlierPaths[random.Next(earlierPaths.Count)] : "https://www.example.org/background");
            w.WriteString("text", text.Words(random.Next(2, 6)));
            w.WriteEndObject();
        }
        if (random.Next(5) == 0)
        {
            w.WriteStartObject("image");
            Image(w, slug, published, n);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private void Gallery(Utf8JsonWriter w, string slug, DateTimeOffset published, ref int media)
    {
        w.WriteStartObject();
        w.WriteString("type", "gallery");
        w.WriteStartArray("images");
        for (var i = random.Next(3, 9); i > 0; i--)
        {
            w.WriteStartObject();
            Image(w, slug, published, ++media);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("caption", text.Sentence(4, 10));
        w.WriteEndObject();
    }

    private static string MediaBase(DateTimeOffset published) =>
        string.Create(CultureInfo.InvariantCulture, $"https://media.herald.invalid/{published:yyyy}/{published:MM}");
}
