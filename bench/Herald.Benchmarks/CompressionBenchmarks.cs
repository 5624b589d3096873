using BenchmarkDotNet.Attributes;
using Herald.Reading;

namespace Herald.Benchmarks;

// The front cache codes each page it keeps in gzip and Brotli once, when it stores it
// (Reading/Compression.Encode): what that costs for the typical article page with its
// first page of comments, and how small each coding makes it (printed once, at setup).
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private byte[] page = [];

    [Params(PageEncoding.Gzip, PageEncoding.Brotli)]
    public PageEncoding Encoding { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var pages = new PageBenchmarks { Article = Samples.Typical, Comments = 25 };
        pages.Setup();
        page = pages.Bytes();
        Console.WriteLine($"// page {page.Length} bytes, {Encoding}: {Compression.Encode(page, Encoding).Length} bytes");
    }

    [Benchmark(Description = "Compression.Encode (article page, 25 threads)")]
    public int Encode() => Compression.Encode(page, Encoding).Length;
}
