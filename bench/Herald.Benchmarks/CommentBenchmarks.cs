using BenchmarkDotNet.Attributes;
using Herald.Comments;

namespace Herald.Benchmarks;

// Comment text formatting: a reader's plain text becomes paragraphs, line breaks and links,
// everything else encoded. It runs for every comment on every render of a discussion.
[MemoryDiagnoser]
public class CommentBenchmarks
{
    private string text = "";

    [Params("short", "long with links")]
    public string Comment { get; set; } = "short";

    [GlobalSetup]
    public void Setup()
    {
        var texts = Samples.CommentTexts();
        text = Comment == "short" ? texts.First(t => !t.Contains("http", StringComparison.Ordinal) && !t.Contains('\n', StringComparison.Ordinal)) : texts.MaxBy(t => t.Length)!;
    }

    [Benchmark(Description = "CommentText.ToHtml")]
    public string Format() => CommentText.ToHtml(text);
}
