using BenchmarkDotNet.Attributes;
using Herald.Articles;

namespace Herald.Benchmarks;

// The publish path's hot code: validating a herald/article@1 document, rendering its
// blocks to the stored body HTML, and writing the canonical JSON of a revision.
[MemoryDiagnoser]
public class ArticleBenchmarks
{
    private string json = "";
    private ArticleDocument doc = null!;
    private RenderContext context = null!;

    [ParamsSource(nameof(Articles))]
    public string Article { get; set; } = Samples.Typical;

    public static IEnumerable<string> Articles => Samples.Names;

    [GlobalSetup]
    public void Setup()
    {
        json = Samples.JsonOf(Article);
        doc = Samples.Document(Article);
        context = Samples.Context(doc);
    }

    [Benchmark(Description = "ArticleFormat.Parse (validate)")]
    public ArticleFormat.Result Parse() => ArticleFormat.Parse(json);

    [Benchmark(Description = "BlockRenderer.Render")]
    public string Render() => BlockRenderer.Render(doc.Blocks, context);

    [Benchmark(Description = "ArticleJson.Write")]
    public string Write() => ArticleJson.Write(doc);
}
