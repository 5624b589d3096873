using BenchmarkDotNet.Running;

namespace Herald.Benchmarks;

// dotnet run -c Release -- --filter '*'   (or bench/run.sh --micro)
public static class Entry
{
    public static void Main(string[] args)
    {
        // In process: BenchmarkDotNet's generated child project would otherwise be built
        // under this repository's Directory.Build.props (analyzers, warnings as errors).
        if (!args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase))
        {
            args = [.. args, "--inProcess"];
        }
        BenchmarkSwitcher.FromAssembly(typeof(Entry).Assembly).Run(args);
    }
}
