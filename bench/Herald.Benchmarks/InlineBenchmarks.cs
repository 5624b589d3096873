using BenchmarkDotNet.Attributes;
using Herald.Articles;

namespace Herald.Benchmarks;

// Inline markup of paragraphs: parsed on import (validation) and on every render.
[MemoryDiagnoser]
public class InlineBenchmarks
{
    private string text = "";

    [Params("plain", "marked-up")]
    public string Paragraph { get; set; } = "plain";

    [GlobalSetup]
    public void Setup()
    {
        var paragraphs = Samples.Paragraphs();
        text = Paragraph == "plain"
            ? paragraphs.First(p => !p.Contains('<', StringComparison.Ordinal) && !p.Contains('&', StringComparison.Ordinal) && p.Length > 500)
            : paragraphs.First(p => p.Contains("<a href", StringComparison.Ordinal) && p.Contains("<strong>", StringComparison.Ordinal));
    }

    [Benchmark(Description = "InlineHtml.Parse")]
    public IReadOnlyList<InlineNode> Parse() => InlineHtml.Parse(text);
}
