using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Herald.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Comments;

// The real executable, killed with SIGKILL while readers post: every comment that was
// acknowledged (302 to the article) is there after a restart, exactly once, and forms
// whose answer was lost in the crash can be sent again without making duplicates.
public sealed class CommentKillTests : IDisposable
{
    private const string ReaderEmail = "reader@example.org";

    private readonly string root = Directory.CreateTempSubdirectory("herald-kill-").FullName;
    private readonly List<Process> servers = [];
    private readonly StringBuilder serverOutput = new();

    private string DataDir => Path.Combine(root, "data");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_comment_is_there_exactly_once_after_the_server_is_killed()
    {
        Assert.Equal(0, (await HeraldAsync("user", "create", "--email", "owner@herald.invalid", "--name", "Owner", "--role", "owner", "--password", "owner password 1")).Exit);
        Assert.Equal(0, (await HeraldAsync("user", "create", "--email", ReaderEmail, "--name", "Steady Reader", "--password", TestAccounts.Password)).Exit);
        var article = Path.Combine(root, "story.json");
        await File.WriteAllTextAsync(article, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["format"] = "herald/article@1", ["slug"] = "kill-test", ["language"] = "en", ["section"] = "world", ["topline"] = "Testing",
            ["title"] = "A story under fire", ["lead"] = "Comments keep coming.",
            ["published"] = TimeProvider.System.GetUtcNow().AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            ["authors"] = new[] { new { name = "Ana Ruiz" } }, ["tags"] = new[] { "Testing" },
            ["commentPolicy"] = new { mode = "open" },
            ["blocks"] = new[] { new { type = "paragraph", text = "Body." } },
        }), Ct);
        var (imported, importOutput, importErrors) = await HeraldAsync("import", article);
        Assert.True(imported == 0, importErrors);
        var path = importOutput.Trim();

        var port = FreePort();
        Serve(port);
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseProxy = false };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilUpAsync(client);
        await SignInAsync(client);
        var articleId = await ArticleIdAsync(client, path);

        // Four readers' worth of posting, until the server dies under them.
        var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var unanswered = new ConcurrentBag<Dictionary<string, string>>();
        var refused = new ConcurrentBag<string>();
        var killed = 0;
        var posters = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; ; n++)
            {
                Dictionary<string, string>? form = null;
                try
                {
                    form = await FormAsync(client, articleId);
                    form["Text"] = $"Comment {worker}-{n}: the server may die any moment now.";
                    using var content = new FormUrlEncodedContent(form);
                    using var response = await client.PostAsync(new Uri($"/comments/{articleId}", UriKind.Relative), content, Ct);
                    if (response.StatusCode == HttpStatusCode.Found && response.Headers.Location?.OriginalString is { } location &&
                        location.StartsWith(path, StringComparison.Ordinal) && location.Contains("#comment-", StringComparison.Ordinal))
                    {
                        acknowledged[form["Text"]] = long.Parse(location[(location.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);
                    }
                    else
                    {
                        refused.Add($"{(int)response.StatusCode} {response.Headers.Location}");
                        return;
                    }
                }
                catch (Exception e) when ((e is HttpRequestException or TaskCanceledException or IOException) && Volatile.Read(ref killed) == 1)
                {
                    if (form is { } lost && lost.ContainsKey("Text"))
                    {
                        unanswered.Add(lost);
                    }
                    return;
                }
            }
        }, Ct)).ToList();

        var started = Stopwatch.StartNew();
        while (acknowledged.Count < 100 && started.Elapsed < TimeSpan.FromSeconds(3) && posters.All(p => !p.IsCompleted))
        {
            await Task.Delay(10, Ct);
        }
        Volatile.Write(ref killed, 1);
        servers[0].Kill();
        await servers[0].WaitForExitAsync(Ct);
        await Task.WhenAll(posters).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.True(refused.IsEmpty, "posts refused before the kill: " + string.Join(", ", refused) + "\n" + serverOutput);
        Assert.True(acknowledged.Count >= 5, $"only {acknowledged.Count} comments were acknowledged before the kill");

        // Restart on the same data; the answers lost in the crash are sent again, as a browser would.
        var again = FreePort();
        Serve(again);
        using var restarted = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{again}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilUpAsync(restarted);
        // Cookies belong to the host, not the port: the reader is still signed in (the keys are in the data folder).
        var resent = new List<string>();
        foreach (var form in unanswered)
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await restarted.PostAsync(new Uri($"/comments/{articleId}", UriKind.Relative), content, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Found, $"resending a form lost in the crash answered {(int)response.StatusCode}");
            resent.Add(form["Text"]);
        }

        var stored = await StoredAsync();
        var missing = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var ids) || !ids.Contains(a.Value)).Select(a => a.Key).ToList();
        var doubled = stored.Where(s => s.Value.Count > 1).Select(s => $"{s.Key} ({s.Value.Count} times)").ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged comments are lost:\n" + string.Join('\n', missing));
        Assert.True(doubled.Count == 0, "comments stored more than once:\n" + string.Join('\n', doubled));
        Assert.All(resent, text => Assert.True(stored.ContainsKey(text), $"the resent form \"{text}\" made no comment"));
        Assert.Equal(acknowledged.Count + resent.Count, stored.Count);

        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged, {resent.Count} resent after the crash, {stored.Count} stored");
        var (_, page) = await HtmlPage.GetAsync(restarted, path);
        Assert.Equal(stored.Count.ToString(CultureInfo.InvariantCulture), page.QuerySelector("[data-comment-count]")?.TextContent);
    }

    // Body → ids, read straight from the SQLite file the restarted server uses.
    private async Task<Dictionary<string, List<long>>> StoredAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDir, "herald.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body, id FROM comments";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var stored = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            var body = reader.GetString(0);
            if (!stored.TryGetValue(body, out var ids))
            {
                stored[body] = ids = [];
            }
            ids.Add(reader.GetInt64(1));
        }
        return stored;
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var (_, login) = await HtmlPage.GetAsync(client, "/account/login");
        var fields = new Dictionary<string, string>
        {
            ["Email"] = ReaderEmail, ["Password"] = TestAccounts.Password,
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
        };
        var (response, _) = await Forms.PostAsync(client, "/account/login", fields);
        Assert.True(Forms.IsRedirect(response), $"signing in answered {(int)response.StatusCode}");
    }

    private static async Task<long> ArticleIdAsync(HttpClient client, string path)
    {
        var (response, page) = await HtmlPage.GetAsync(client, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var action = page.QuerySelector("#comment-form")?.GetAttribute("action") ?? throw new InvalidOperationException($"no comment form on {path}");
        return long.Parse(action["/comments/".Length..], CultureInfo.InvariantCulture);
    }

    // Each comment needs a form of its own: a fresh form token (and the antiforgery token).
    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, long articleId)
    {
        using var response = await client.GetAsync(new Uri($"/comments/{articleId}", UriKind.Relative), Ct);
        response.EnsureSuccessStatusCode();
        var page = HtmlPage.Parse(await response.Content.ReadAsStringAsync(Ct));
        var fields = page.QuerySelectorAll("#comment-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Website"] = "";
        return fields;
    }

    private void Serve(int port)
    {
        var start = Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data", DataDir, "--no-demo",
            "--Herald:Comments:TrustAfterApproved=0", "--Herald:Comments:PerAccountPerMinute=0", "--Herald:Comments:PerAddressPerMinute=0",
            "--Herald:Comments:MinSecondsToSubmit=0");
        var server = new Process { StartInfo = start };
        server.OutputDataReceived += (_, e) => Log(e.Data);
        server.ErrorDataReceived += (_, e) => Log(e.Data);
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        servers.Add(server);
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (serverOutput)
            {
                serverOutput.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilUpAsync(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(servers[^1].HasExited, "the server exited:\n" + serverOutput);
            try
            {
                using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the server did not answer within 30 seconds:\n" + serverOutput);
            await Task.Delay(100, Ct);
        }
    }

    private async Task<(int Exit, string Output, string Errors)> HeraldAsync(params string[] args)
    {
        using var process = Process.Start(Start([.. args, "--data", DataDir]))!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (process.ExitCode, await output, await errors);
    }

    private ProcessStartInfo Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "herald.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("HERALD_DATABASE");
        start.Environment.Remove("ASPNETCORE_URLS");
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var server in servers)
        {
            if (!server.HasExited)
            {
                server.Kill();
                server.WaitForExit(5000);
            }
            server.Dispose();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up with the rest of the temp folder.
        }
    }
}
