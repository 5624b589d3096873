using System.Text.Json;
using System.Text.RegularExpressions;

namespace Herald.Articles;

// Strict reader of herald/article@1. Every problem is reported with its JSON path;
// a document with any error is rejected whole.
public static partial class ArticleFormat
{
    public sealed record Result(ArticleDocument? Document, IReadOnlyList<FormatError> Errors)
    {
        public bool Ok => Document is not null;
    }

    public static Result Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            return new Result(null, [new FormatError("", $"is not valid JSON: {e.Message}")]);
        }
    }

    // A document Herald stored itself, which should always parse; one that does not (written
    // by an older Herald, or changed by hand) is an InvalidDataException saying what is wrong,
    // for callers to name what they could not do with it.
    public static ArticleDocument ParseStored(string json)
    {
        var parsed = Parse(json);
        if (parsed.Document is { } doc)
        {
            return doc;
        }
        throw new InvalidDataException(StoredProblem(parsed));
    }

    // The same for a stored revision of a known article: the exception names the article,
    // so the desk, the API and the background passes can say which one is damaged.
    public static ArticleDocument ParseStored(string json, long articleId)
    {
        var parsed = Parse(json);
        return parsed.Document ?? throw new StoredDocumentException(articleId, StoredProblem(parsed));
    }

    private static string StoredProblem(Result parsed)
    {
        var first = parsed.Errors[0];
        return $"its stored document is not valid {ArticleDocument.FormatName} ({(first.Path.Length == 0 ? "-" : first.Path)}: {first.Message})";
    }

    public static Result Parse(JsonElement root)
    {
        var errors = new List<FormatError>();
        var f = JsonFields.Object(root, "", errors);
        if (f is null)
        {
            return new Result(null, errors);
        }
        var format = f.String("format", required: true);
        if (format is not null && format != ArticleDocument.FormatName)
        {
            f.Error("format", $"\"{format}\" is not supported (expected \"{ArticleDocument.FormatName}\")");
        }
        var slug = f.Slug("slug", required: true);
        var previous = f.StringArray("previousSlugs", 50, Slugs.MaxLength, s => Slugs.IsValid(s) ? null : $"\"{s}\" is not a slug");
        var language = f.String("language", required: true, check: s => Language().IsMatch(s) ? null : $"\"{s}\" is not a language code such as en, de or en-GB");
        var group = f.Slug("translationGroup");
        var section = f.Slug("section", required: true);
        if (section is not null && Slugs.Reserved.Contains(section))
        {
            f.Error("section", $"\"{section}\" is reserved for the site's own pages; choose another section slug");
        }
        var sectionName = f.String("sectionName", max: 60);
        var topline = f.String("topline", max: 120);
        var title = f.String("title", required: true, max: 200);
        var lead = f.String("lead", required: true, max: 1000);
        var state = f.OneOf("state", ["published", "draft"]);
        var draft = state == "draft";
        var published = f.Date("published", required: !draft);
        var updated = f.Date("updated");
        if (published is { } p && updated is { } u && u < p)
        {
            f.Error("updated", $"{u:O} is before published ({p:O})");
        }
        var breaking = f.Bool("breaking") ?? false;
        var authors = ReadAuthors(f, errors);
        var tags = f.StringArray("tags", 20, 60);
        if (tags is not null && tags.GroupBy(Slugs.From).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            f.Error("tags", $"\"{duplicate.Last()}\" appears twice");
        }
        var teaser = f.Object("teaserImage") is { } t ? ReadImage(t, "teaserImage") : null;
        var corrections = ReadCorrections(f, errors);
        CommentPolicy? policy = null;
        if (f.Object("commentPolicy") is { } cp)
        {
            var mode = cp.OneOf("mode", CommentPolicy.Modes, required: true);
            var hours = cp.Int("closesAfterHours", 0, 8760);
            cp.RejectUnknown("commentPolicy");
            policy = mode is null ? null : new CommentPolicy(mode, hours);
        }
        var blocks = new List<Block>();
        foreach (var (item, path) in f.Array("blocks", true, 1, 500) ?? [])
        {
            if (BlockFormat.Read(item, path, errors) is { } block)
            {
                blocks.Add(block);
            }
        }
        f.RejectUnknown("an article");

        if (errors.Count > 0)
        {
            return new Result(null, errors);
        }
        return new Result(new ArticleDocument
        {
            Slug = slug!,
            PreviousSlugs = previous ?? [],
            Language = language!,
            TranslationGroup = group,
            Section = section!,
            SectionName = sectionName,
            Topline = topline,
            Title = title!,
            Lead = lead!,
            Published = published,
            Updated = updated,
            Draft = draft,
            Breaking = breaking,
            Authors = authors,
            Tags = tags ?? [],
            TeaserImage = teaser,
            Corrections = corrections,
            CommentPolicy = policy,
            Blocks = blocks,
        }, errors);
    }

    private static List<Credit> ReadAuthors(JsonFields f, List<FormatError> errors)
    {
        var authors = new List<Credit>();
        foreach (var (item, path) in f.Array("authors", false, 0, 30) ?? [])
        {
            if (JsonFields.Object(item, path, errors) is not { } a)
            {
                continue;
            }
            var name = a.String("name", required: true, max: 100);
            var role = a.OneOf("role", Credit.Roles) ?? "author";
            var location = a.String("location", max: 100);
            a.RejectUnknown("an author");
            if (name is not null)
            {
                authors.Add(new Credit(name, role, location));
            }
        }
        return authors;
    }

    private static List<Correction> ReadCorrections(JsonFields f, List<FormatError> errors)
    {
        var corrections = new List<Correction>();
        foreach (var (item, path) in f.Array("corrections", false, 0, 100) ?? [])
        {
            if (JsonFields.Object(item, path, errors) is not { } c)
            {
                continue;
            }
            var text = c.String("text", required: true, max: 1000);
            var date = c.Date("date", required: true);
            c.RejectUnknown("a correction");
            if (text is not null && date is not null)
            {
                corrections.Add(new Correction(text, date.Value));
            }
        }
        return corrections;
    }

    internal static ImageRef? ReadImage(JsonFields f, string what)
    {
        var src = f.MediaUrl("src", required: true);
        var alt = f.String("alt", required: true, max: 300);
        var caption = f.String("caption", max: 500);
        var credit = f.String("credit", max: 200);
        var width = f.Int("width", 1, 20000);
        var height = f.Int("height", 1, 20000);
        f.RejectUnknown(what);
        return src is null || alt is null ? null : new ImageRef(src, alt, caption, credit, width, height);
    }

    [GeneratedRegex("^[a-z]{2,3}(?:-[A-Z]{2})?$", RegexOptions.CultureInvariant)]
    internal static partial Regex Language();
}

// A revision Herald stored that no longer parses (written by an older Herald, or changed in
// the database by hand). Its public page keeps the HTML rendered when it was published.
public sealed class StoredDocumentException(long articleId, string problem)
    : Exception($"article {articleId}: {problem}")
{
    public long ArticleId { get; } = articleId;
    public string Problem { get; } = problem;
}
