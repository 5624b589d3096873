using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

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
// at least LargeImportBytes restarts itself with it set to 0 before it touches anything:
// execve replaces this process with a new one (same process id, arguments, standard streams
// and environment; its exit status is the command's, and signals reach it directly). It
// only does so for the real executable on Linux, and never when the variable is already
// set: DOTNET_TieredPGO=1 keeps profiling on, and the restarted process sees its own 0.
public static class TieredPgo
{
    public const string Variable = "DOTNET_TieredPGO";

    // About 2,000 articles of the benchmark site's average length (7.6 KB), where the gain
    // (1.13x of 3.3 s) is four times the cost of starting again.
    public const long LargeImportBytes = 16L << 20;

    // Returns only when the import goes on in this process: small files, profiling chosen by
    // the operator, not the herald executable, a stop already asked for (the new process
    // would not know of it), or a restart that failed (said on stderr).
    public static void RestartLargeImportWithout(IEnumerable<string> files, TextWriter errors, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is not null ||
            Assembly.GetEntryAssembly() != typeof(TieredPgo).Assembly || Environment.ProcessPath is not { } executable)
        {
            return;
        }
        var bytes = files.Sum(SizeOf);
        if (bytes < LargeImportBytes)
        {
            return;
        }
        byte[] arguments, environment;
        try
        {
            arguments = File.ReadAllBytes("/proc/self/cmdline");
            environment = File.ReadAllBytes("/proc/self/environ");
        }
        catch (IOException)
        {
            return;
        }
        errors.WriteLine($"herald import: {bytes / (1 << 20)} MB to import, so it runs without tiered PGO ({Variable}=0), " +
            $"which makes a large import faster; set {Variable}=1 to keep it.");
        var error = Exec(executable, Split(arguments), [.. Split(environment), Encoding.UTF8.GetBytes($"{Variable}=0")]);
        errors.WriteLine($"herald import: could not restart without tiered PGO (errno {error}); importing with it.");
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

    // The NUL-separated strings of a /proc file, kept as bytes: an argument need not be UTF-8.
    private static List<byte[]> Split(byte[] block)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] == 0)
            {
                parts.Add(block[start..i]);
                start = i + 1;
            }
        }
        if (start < block.Length)
        {
            parts.Add(block[start..]);
        }
        return parts;
    }

    // execve with NUL-terminated copies of the strings; returns errno, as it returns only on failure.
    private static unsafe int Exec(string path, List<byte[]> arguments, List<byte[]> environment)
    {
        var owned = new List<IntPtr>();
        try
        {
            var argv = Pointers(arguments, owned);
            var envp = Pointers(environment, owned);
            var file = CopyOut(Encoding.UTF8.GetBytes(path), owned);
            // execve keeps the calling thread's signal mask: a blocked SIGINT would outlive it.
            var none = stackalloc byte[128];
            new Span<byte>(none, 128).Clear();
            _ = pthread_sigmask(SigSetMask, none, null);
            fixed (IntPtr* a = argv, e = envp)
            {
                _ = execve((byte*)file, (byte**)a, (byte**)e);
            }
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            owned.ForEach(Marshal.FreeHGlobal);
        }
    }

    private static IntPtr[] Pointers(List<byte[]> strings, List<IntPtr> owned)
    {
        var pointers = new IntPtr[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++)
        {
            pointers[i] = CopyOut(strings[i], owned);
        }
        return pointers;
    }

    private static IntPtr CopyOut(byte[] text, List<IntPtr> owned)
    {
        var memory = Marshal.AllocHGlobal(text.Length + 1);
        owned.Add(memory);
        Marshal.Copy(text, 0, memory, text.Length);
        Marshal.WriteByte(memory, text.Length, 0);
        return memory;
    }

    private const int SigSetMask = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe int execve(byte* path, byte** argv, byte** envp);

    [DllImport("libc")]
    private static extern unsafe int pthread_sigmask(int how, byte* set, byte* old);
}
