using System.Text;
using Herald.Articles;
using Herald.Bench.Generator;
using Herald.Demo;

namespace Herald.Benchmarks;

// The inputs every benchmark uses: the demo's reference article (the wire story the
// design is modelled on) and articles from the load harness's site generator.
public static class Samples
{
    public const string Reference = "reference";
    public const string Typical = "typical";
    public const string Longest = "long";

    private static readonly Lazy<Dictionary<string, string>> Json = new(Load);

    public static IEnumerable<string> Names => [Reference, Typical, Longest];

    public static string JsonOf(string name) => Json.Value[name];

    public static ArticleDocument Document(string name) =>
        ArticleFormat.Parse(JsonOf(name)).Document ?? throw new InvalidOperationException($"sample {name} does not parse");

    // Every related slug resolves, as on a site where the linked stories are published.
    public static RenderContext Context(ArticleDocument doc) =>
        new(doc.Language, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
            doc.Blocks.OfType<RelatedBlock>().SelectMany(b => b.Slugs).Distinct()
                .ToDictionary(s => s, s => new RelatedLink($"/world/{s}", $"Related story {s}", "Topline")));

    // Paragraph texts of the generated articles, for the inline markup parser.
    public static IReadOnlyList<string> Paragraphs() =>
        [.. GeneratedDocuments().SelectMany(d => d.Blocks.OfType<ParagraphBlock>()).Select(p => p.Text)];

    // Readers' comments, plain text as typed: one or two of the generated paragraphs without
    // their markup, every third with a link and every fifth over two paragraphs.
    public static IReadOnlyList<string> CommentTexts()
    {
        var plain = Paragraphs().Where(p => !p.Contains('<', StringComparison.Ordinal) && !p.Contains('&', StringComparison.Ordinal)).Take(60).ToList();
        return [.. plain.Select((p, i) => (i % 3, i % 5) switch
        {
            (0, 0) => $"{p}\n\nMore on this: https://example.org/reports/{i}?page=2, worth a read.",
            (0, _) => $"{p} See https://example.org/reports/{i}.",
            (_, 0) => $"{p}\n\n{plain[(i + 1) % plain.Count]}",
            _ => p.Length > 300 ? p[..p.LastIndexOf(' ', 300)] + "." : p,
        })];
    }

    // The generated articles (200, the harness's generator with the same seed), parsed.
    public static IReadOnlyList<ArticleDocument> GeneratedDocuments() =>
        [.. Generated().Select(json => ArticleFormat.Parse(json).Document!)];

    private static Dictionary<string, string> Load()
    {
        var reference = DemoContent.Documents().First(d => d.Slug == "aldmark-serevia-talks-end-without-breakthrough");
        var generated = Generated().OrderBy(j => j.Length).ToList();
        return new Dictionary<string, string>
        {
            [Reference] = ArticleJson.Write(reference),
            [Typical] = generated[generated.Count / 2],
            [Longest] = generated[^1],
        };
    }

    private static List<string> Generated()
    {
        using var stream = new MemoryStream();
        new SiteGenerator(seed: 42, count: 200, end: new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Write(stream);
        return [.. Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
