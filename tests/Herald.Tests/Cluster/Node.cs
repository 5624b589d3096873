using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Herald.Tests.Support;

namespace Herald.Tests.Cluster;

// One Herald process, as an operator would run it, on 127.0.0.1 and a free port.
public sealed class Node : IAsyncDisposable
{
    private readonly Process process;

    private Node(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}{path}");

    // The environment of the process the test started, as it is now (after any execve).
    public IReadOnlyList<string> Environment() =>
        File.ReadAllText($"/proc/{process.Id}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    public static Task<Node> StartAsync(string dataDir, string database, params string[] settings) =>
        StartAsync(dataDir, ["--database", database, .. settings], new Dictionary<string, string?>());

    // A node on the SQLite file in dataDir, with these environment variables set (or, with
    // null, removed).
    public static Task<Node> StartAsync(string dataDir, IReadOnlyDictionary<string, string?> environment) =>
        StartAsync(dataDir, [], environment);

    private static async Task<Node> StartAsync(string dataDir, string[] settings, IReadOnlyDictionary<string, string?> environment)
    {
        var port = FreePort();
        var start = Herald("serve", "--urls", $"http://127.0.0.1:{port}", "--data", dataDir, "--no-demo");
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new Node(process, port);
        using var client = new HttpClient();
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            try
            {
                if ((await client.GetAsync(node.Url("/healthz"))).StatusCode == HttpStatusCode.OK)
                {
                    return node;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        await node.DisposeAsync();
        throw new TimeoutException("a Herald node did not start within 30 s");
    }

    // Signs the client (which keeps cookies) in through the real login form.
    public async Task SignInAsync(HttpClient client, string email)
    {
        var (_, page) = await HtmlPage.GetAsync(client, Url("/account/login").ToString());
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestAccounts.Password, ["__RequestVerificationToken"] = token });
        var response = await client.PostAsync(Url("/account/login"), form, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
    }

    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var process = Process.Start(Herald(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static ProcessStartInfo Herald(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "herald.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
