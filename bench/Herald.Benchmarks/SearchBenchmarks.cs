using BenchmarkDotNet.Attributes;
using Herald.Articles;
using Herald.Search;

namespace Herald.Benchmarks;

// A search result page builds a snippet for each of its 20 hits: the passage of the hit's
// plain text (its first 3,000 characters) with the most words matching the query, the
// matching words marked. Each word is lowercased and stemmed to be compared.
[MemoryDiagnoser]
public class SearchBenchmarks
{
    private List<(string Text, string Language)> hits = [];
    private IReadOnlySet<string> stems = new HashSet<string>();

    [GlobalSetup]
    public void Setup()
    {
        // The 20 generated articles around the typical one, as a page of hits would be.
        hits = [.. Samples.GeneratedDocuments().Skip(90).Take(20).Select(d => (SearchText.BodyText(d), d.Language))];
        stems = SearchQuery.Parse("council budget").Stems;
        Console.WriteLine($"// {hits.Count} hits, {hits.Sum(h => Math.Min(h.Text.Length, 3000))} characters scanned");
    }

    [Benchmark(Description = "Snippet.Build (a page of 20 hits)")]
    public int Snippets()
    {
        var length = 0;
        foreach (var (text, language) in hits)
        {
            length += Snippet.Build(text, language, stems).Length;
        }
        return length;
    }
}
