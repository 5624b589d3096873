using System.Globalization;
using Herald.Bench.Generator;

// herald-bench-generator --count N [--seed S] [--end DATE] --out FILE [--meta FILE]
// Writes N herald/article@1 articles as JSON Lines, oldest first, and a key=value
// file naming the articles and lists the load scenarios should use.
var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"unexpected argument \"{args[i]}\"");
        Console.Error.WriteLine("usage: herald-bench-generator --count N [--seed S] [--end yyyy-MM-dd] --out FILE [--meta FILE]");
        return 2;
    }
    options[args[i][2..]] = args[++i];
}
if (!options.TryGetValue("out", out var output) || !options.TryGetValue("count", out var countText) ||
    !int.TryParse(countText, CultureInfo.InvariantCulture, out var count) || count < 2)
{
    Console.Error.WriteLine("usage: herald-bench-generator --count N (at least 2) [--seed S] [--end yyyy-MM-dd] --out FILE [--meta FILE]");
    return 2;
}
var seed = options.TryGetValue("seed", out var seedText) ? int.Parse(seedText, CultureInfo.InvariantCulture) : 42;
// Default end: the first day of this month, so a given seed gives the same site all month long.
var now = TimeProvider.System.GetUtcNow();
var end = options.TryGetValue("end", out var endText)
    ? DateTimeOffset.Parse(endText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
    : new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);

var generator = new SiteGenerator(seed, count, end);
var started = TimeProvider.System.GetTimestamp();
await using (var stream = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
{
    generator.Write(stream);
}
var meta = generator.Meta();
var lines = meta.Select(kv => $"{kv.Key}={kv.Value}").ToList();
if (options.TryGetValue("meta", out var metaFile))
{
    await File.WriteAllLinesAsync(metaFile, lines);
}
var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{count} articles written to {output} ({new FileInfo(output).Length / 1048576.0:0.0} MiB) in {seconds:0.0} s"));
return 0;
