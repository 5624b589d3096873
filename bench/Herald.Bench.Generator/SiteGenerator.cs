using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Herald.Bench.Generator;

internal static class Dates
{
    // Newsroom local time; the format requires an explicit offset.
    private static readonly TimeSpan Offset = TimeSpan.FromHours(1);

    public static string Format(DateTimeOffset t) =>
        t.ToOffset(Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

// A deterministic news site: the same seed, count and end date give the same bytes.
// Articles come oldest first, published evenly over the two years before the end date,
// so "related" blocks and links can point at stories that already exist.
public sealed class SiteGenerator(int seed, int count, DateTimeOffset end)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Cast cast = new(seed);
    private readonly List<string> slugs = new(count);
    private readonly List<string> paths = new(count);
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);
    private (int Line, string Slug, string Section)? hot;

    public void Write(Stream output)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        var start = end.AddYears(-2);
        var span = (end - start).Ticks;
        string? pendingTranslation = null;
        for (var i = 0; i < count; i++)
        {
            // One generator per article keeps an article's content independent of the ones before it.
            var random = new Random(unchecked((seed * 1_000_003) ^ (i * 7_919) + i));
            var published = start.AddTicks(span / count * i + (long)(random.NextDouble() * (span / count)));
            published = new DateTimeOffset(published.Ticks - published.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            var translationGroup = pendingTranslation;
            pendingTranslation = null;
            var startsTranslation = translationGroup is null && random.Next(50) == 0;
            var shape = WriteArticle(w, random, published, translationGroup ?? (startsTranslation ? $"story-{i}" : null), translationGroup is not null);
            if (startsTranslation)
            {
                pendingTranslation = $"story-{i}";
            }
            w.Flush();
            output.WriteByte((byte)'\n');
            w.Reset();
            // The page the load scenarios hit: a recent article shaped like the reference page.
            if (i >= count - 200 && shape.Blocks is >= 11 and <= 15 && shape.HasVideo && shape.HasQuote || hot is null && i == count - 1)
            {
                hot = (i + 1, slugs[^1], shape.Section);
            }
        }
    }

    public IEnumerable<KeyValuePair<string, string>> Meta()
    {
        var (line, slug, section) = hot ?? throw new InvalidOperationException("Write first");
        // The update scenario re-imports the newest article that is not the hot one.
        var updateLine = line == count ? count - 1 : count;
        return new Dictionary<string, string>
        {
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["end"] = Dates.Format(end),
            ["hot_line"] = line.ToString(CultureInfo.InvariantCulture),
            ["hot_path"] = $"/{section}/{slug}",
            ["section_path"] = $"/{section}",
            ["tag_path"] = $"/tag/{Cast.Slug(cast.Tags[0])}",
            ["author_path"] = $"/author/{Cast.Slug(cast.Authors[0].Name)}",
            ["update_line"] = updateLine.ToString(CultureInfo.InvariantCulture),
            ["update_path"] = paths[updateLine - 1],
        };
    }

    private sealed record ArticleShape(string Section, int Blocks, bool HasVideo, bool HasQuote);

    private ArticleShape WriteArticle(Utf8JsonWriter w, Random random, DateTimeOffset published, string? translationGroup, bool translated)
    {
        var text = new Text(random, cast);
        var section = Cast.PickSection(random);
        var title = Title(random, text);
        var slug = UniqueSlug(Cast.Slug(string.Join(' ', title.Split(' ').Take(9))) + (translated ? "-de" : ""));

        w.WriteStartObject();
        w.WriteString("format", "herald/article@1");
        w.WriteString("slug", slug);
        w.WriteString("language", translated ? "de" : "en");
        if (translationGroup is not null)
        {
            w.WriteString("translationGroup", translationGroup);
        }
        w.WriteString("section", section.Slug);
        w.WriteString("sectionName", section.Name);
        if (random.Next(10) < 7)
        {
            w.WriteString("topline", random.Next(2) == 0 ? text.Place() : Cast.Skewed(random, cast.Tags));
        }
        w.WriteString("title", title);
        w.WriteString("lead", text.Prose(random.Next(25, 61)));
        w.WriteString("published", Dates.Format(published));
        if (random.Next(10) < 3)
        {
            var updated = published.AddMinutes(random.Next(5, 48 * 60));
            w.WriteString("updated", Dates.Format(updated < end ? updated : published));
        }
        if (random.Next(100) == 0)
        {
            w.WriteBoolean("breaking", true);
        }
        WriteAuthors(w, random);
        WriteTags(w, random);
        if (random.Next(100) < 85)
        {
            w.WriteStartObject("teaserImage");
            w.WriteString("src", string.Create(CultureInfo.InvariantCulture, $"https://media.herald.invalid/{published:yyyy}/{published:MM}/teaser/{slug}.jpg"));
            w.WriteString("alt", text.Words(random.Next(6, 16)));
            w.WriteString("caption", text.Sentence(6, 16));
            w.WriteString("credit", $"{Cast.Pick(random, Words.Agencies)}/{text.Name()}");
            w.WriteEndObject();
        }
        if (random.Next(50) == 0)
        {
            w.WriteStartArray("corrections");
            w.WriteStartObject();
            w.WriteString("text", "An earlier version of this article " + text.Sentence(8, 20).ToLowerInvariant());
            var corrected = published.AddHours(random.Next(1, 24));
            w.WriteString("date", Dates.Format(corrected < end ? corrected : published));
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteStartObject("commentPolicy");
        w.WriteString("mode", random.Next(10) switch { < 6 => "premoderated", < 9 => "open", _ => "closed" });
        if (random.Next(2) == 0)
        {
            w.WriteNumber("closesAfterHours", 48);
        }
        w.WriteEndObject();
        var shape = new Blocks(random, text).Write(w, slug, published, slugs, paths);
        w.WriteEndObject();

        slugs.Add(slug);
        paths.Add($"/{section.Slug}/{slug}");
        return new ArticleShape(section.Slug, shape.Count, shape.HasVideo, shape.HasQuote);
    }

    private static string Title(Random random, Text text) =>
        random.Next(4) == 0
            ? $"{text.Name().Split(' ')[1]}: {text.Words(random.Next(5, 11))}"
            : text.Words(random.Next(6, 13));

    private string UniqueSlug(string slug)
    {
        slug = slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
        var candidate = slug;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }
        return candidate;
    }

    private void WriteAuthors(Utf8JsonWriter w, Random random)
    {
        w.WriteStartArray("authors");
        foreach (var author in Enumerable.Range(0, random.Next(1, 4)).Select(_ => Cast.Skewed(random, cast.Authors, 1.6)).Distinct())
        {
            w.WriteStartObject();
            w.WriteString("name", author.Name);
            w.WriteString("role", author.Role);
            if (author.Location is not null)
            {
                w.WriteString("location", author.Location);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private void WriteTags(Utf8JsonWriter w, Random random)
    {
        w.WriteStartArray("tags");
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var wanted = random.Next(3, 7);
        while (chosen.Count < wanted)
        {
            var tag = Cast.Skewed(random, cast.Tags, 2.0);
            if (chosen.Add(tag))
            {
                w.WriteStringValue(tag);
            }
        }
        w.WriteEndArray();
    }
}
