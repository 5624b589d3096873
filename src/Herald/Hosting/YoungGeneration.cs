namespace Herald.Hosting;

// The server runs with a young generation of 32 MB, whatever processor the machine reports.
//
// .NET sizes the young generation (the allocations between two quick collections) from the
// largest processor cache the operating system reports, and virtual machines report
// anything: one that hides its caches got the smallest size and collected some hundred
// times a second under load (about a tenth of the core; 32 MB took it to about 1 %), and one
// reporting its host's 260 MB L3 cache got some 130 MB, which held about 50 MB more memory
// for no speed (bench/RESULTS.md: 226 against 176 MB after cached pages, 242 against 195 MB
// after full renders, the same requests/s). A fixed size makes the server's memory the same
// on every machine.
//
// The size can be set only before the runtime starts (DOTNET_GCgen0size; .NET does not take
// it from runtimeconfig.json), so `herald serve` starts itself again with it
// (ProcessRestart) unless the operator has set it: any value of theirs wins.
public static class YoungGeneration
{
    public const string Variable = "DOTNET_GCgen0size";

    public const string Size = "0x2000000";

    // Returns only when the server goes on in this process: no restart wanted (the size
    // already set, by the operator or by this restart; see ProcessRestart.Wanted), or a
    // restart that failed (said on stderr).
    public static void RestartServerWithFixedSize(TextWriter errors, CancellationToken ct)
    {
        if (!ProcessRestart.Wanted(Variable, ct))
        {
            return;
        }
        var error = ProcessRestart.With(Variable, Size);
        errors.WriteLine($"herald: could not start again with {Variable}={Size} ({error}); serving with .NET's own young-generation size.");
    }
}
