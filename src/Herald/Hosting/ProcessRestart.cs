using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Herald.Hosting;

// A command that needs a runtime setting .NET reads only once, at start (TieredPgo,
// YoungGeneration), starts itself again with it before it touches anything: execve replaces
// this process with a new one, with the same process id, arguments, standard streams and
// environment plus the setting, so its exit status is the command's and signals (a service
// manager's SIGTERM, Ctrl+C) reach it directly. It costs one more runtime start, about 40 ms.
public static class ProcessRestart
{
    // Whether to start again to set variable (a DOTNET_ name): not when the operator has set
    // it, under that name or its older COMPlus_ one (any value of theirs wins, and the
    // restarted process sees its own), when a stop is already asked for (the new process
    // would not know of it), or for anything but the real executable on Linux (a test host
    // has other arguments).
    public static bool Wanted(string variable, CancellationToken ct) =>
        !ct.IsCancellationRequested && OperatingSystem.IsLinux() &&
        Environment.GetEnvironmentVariable(variable) is null &&
        Environment.GetEnvironmentVariable("COMPlus_" + variable["DOTNET_".Length..]) is null &&
        Assembly.GetEntryAssembly() == typeof(ProcessRestart).Assembly && Environment.ProcessPath is not null;

    // Starts this process again with variable=value; returns only when it could not, saying why.
    public static string With(string variable, string value)
    {
        var assignment = $"{variable}={value}";
        byte[] arguments, environment;
        try
        {
            arguments = File.ReadAllBytes("/proc/self/cmdline");
            environment = File.ReadAllBytes("/proc/self/environ");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot read this process's arguments: {e.Message}";
        }
        var errno = Exec(Environment.ProcessPath!, Split(arguments), [.. Split(environment), Encoding.UTF8.GetBytes(assignment)]);
        return $"errno {errno}";
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
