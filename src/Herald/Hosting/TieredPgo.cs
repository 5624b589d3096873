namespace Herald.Hosting;

// A large `herald import` runs without .NET's tiered profile-guided optimisation.
//
// With it, each hot method is compiled three times: ahead of time (ReadyToRun), then again
// with counters in it, then once more optimised by what the counters saw. A bulk import
// runs some two thousand methods hot from its first second, on one core spends seconds
// compiling them twice over and runs the counting versions meanwhile (after 1,000 articles
// 26 of them had reached their final form), and ends before the profile pays back. Measured
// on one core (bench/RESULTS.md): 1.28x for 5,000 articles, 1.16x for 20,000, 1.13x for
// 2,000, 1.035x for 1,000, where the ~90 ms of starting again would eat the gain. The
// server, which runs for days, keeps it: without it, full renders lose 8-11 %.
//
// The runtime reads DOTNET_TieredPGO once, at start, for the whole process, so an import of
// at least LargeImportBytes starts itself again with it set to 0 before it touches anything
// (ProcessRestart: same process id, arguments, standard streams and exit status). It never
// does when the variable is already set: DOTNET_TieredPGO=1 keeps profiling on, and the
// restarted process sees its own 0.
public static class TieredPgo
{
    public const string Variable = "DOTNET_TieredPGO";

    // About 2,000 articles of the benchmark site's average length (7.6 KB), where the gain
    // (1.13x of 3.3 s) is four times the cost of starting again.
    public const long LargeImportBytes = 16L << 20;

    // Returns only when the import goes on in this process: small files, no restart wanted
    // (ProcessRestart.Wanted), or a restart that failed (said on stderr).
    public static void RestartLargeImportWithout(IEnumerable<string> files, TextWriter errors, CancellationToken ct)
    {
        if (!ProcessRestart.Wanted(Variable, ct))
        {
            return;
        }
        var bytes = files.Sum(SizeOf);
        if (bytes < LargeImportBytes)
        {
            return;
        }
        errors.WriteLine($"herald import: {bytes / (1 << 20)} MB to import, so it runs without tiered PGO ({Variable}=0), " +
            $"which makes a large import faster; set {Variable}=1 to keep it.");
        var error = ProcessRestart.With(Variable, "0");
        errors.WriteLine($"herald import: could not restart without tiered PGO ({error}); importing with it.");
    }

    private static long SizeOf(string file)
    {
        try
        {
            return new FileInfo(file).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return 0; // the import itself names the file and what is wrong with it
        }
    }
}
