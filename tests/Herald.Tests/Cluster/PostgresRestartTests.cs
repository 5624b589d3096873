using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Herald.Tests.Support;
using Npgsql;

namespace Herald.Tests.Cluster;

[CollectionDefinition(nameof(PostgresRestartTests), DisableParallelization = true)]
public sealed class PostgresRestartGroup;

// Restarts the test run's PostgreSQL cluster, so it runs alone, after the parallel tests.
[Collection(nameof(PostgresRestartTests))]
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("herald-pgrestart-").FullName;
    private string database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        database = TestDatabases.ConnectionString(TestDatabases.Postgres, dataDir)!;
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_postgresql_restart_under_load_gives_fast_503s_then_recovers_and_loses_no_acknowledged_comment()
    {
        var restart = Environment.GetEnvironmentVariable("HERALD_TEST_POSTGRES_RESTART");
        if (string.IsNullOrEmpty(restart))
        {
            Assert.Skip("HERALD_TEST_POSTGRES_RESTART is not set; ./test.sh sets it for its throwaway cluster");
        }
        var file = Path.Combine(dataDir, "story.json");
        await File.WriteAllTextAsync(file, Samples.IssueExample.Replace("\"premoderated\"", "\"open\"", StringComparison.Ordinal).Replace(", \"closesAfterHours\": 48", "", StringComparison.Ordinal), Ct);
        Assert.Equal(0, (await Node.RunAsync("import", file, "--database", database, "--data", dataDir)).Exit);
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "o@pg.invalid", "--name", "Owner", "--role", "owner", "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "r@pg.invalid", "--name", "Reader", "--role", "editor", "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        await using var node = await Node.StartAsync(dataDir, database, "--Herald:Comments:MinSecondsToSubmit=0", "--Herald:Comments:PerAccountPerMinute=0",
            "--Herald:Comments:PerAddressPerMinute=0", "--Herald:Comments:DuplicateWindowMinutes=0", "--Herald:OutputCache=false");
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        await node.SignInAsync(client, "r@pg.invalid");
        const string path = "/politics/council-approves-tram-line";
        var (_, article) = await HtmlPage.GetAsync(client, node.Url(path).ToString());
        var articleId = article.QuerySelector("#comment-form")!.GetAttribute("action")!.Split('/')[^1];
        var antiforgery = article.QuerySelector("#comment-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var statuses = new ConcurrentBag<int>();
        var acknowledged = new ConcurrentBag<string>();
        var slow = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var restarted = false;
        var load = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested && !(restarted && !acknowledged.IsEmpty && statuses.Count > 40 && i > 60))
            {
                i++;
                var clock = Stopwatch.StartNew();
                try
                {
                    var page = await client.GetAsync(node.Url(path), stop.Token);
                    statuses.Add((int)page.StatusCode);
                    var html = await page.Content.ReadAsStringAsync(stop.Token);
                    var token = HtmlPage.Parse(html).QuerySelector("#comment-form input[name=FormToken]")?.GetAttribute("value");
                    if (token is null)
                    {
                        continue;
                    }
                    var text = $"Comment {i} during the restart";
                    using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = text, ["FormToken"] = token, ["__RequestVerificationToken"] = antiforgery });
                    var posted = await client.PostAsync(node.Url($"/comments/{articleId}"), form, stop.Token);
                    statuses.Add((int)posted.StatusCode);
                    if (posted.StatusCode == HttpStatusCode.Found)
                    {
                        acknowledged.Add(text);
                    }
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                if (clock.Elapsed.TotalSeconds > 0)
                {
                    slow.Add(clock.Elapsed.TotalSeconds);
                }
            }
        }, Ct);

        await Task.Delay(500, Ct);
        using (var process = Process.Start(new ProcessStartInfo("bash") { ArgumentList = { "-c", restart }, RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            await process.WaitForExitAsync(Ct);
            Assert.Equal(0, process.ExitCode);
        }
        restarted = true;
        // This process's own pooled connections (the test database helpers') died with the server.
        NpgsqlConnection.ClearAllPools();
        await load;

        Assert.All(statuses, s => Assert.True(s is 200 or 302 or 503, $"a request answered {s} during the restart"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(node.Url(path), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(node.Url("/readyz"), Ct)).StatusCode);
        await using var check = new NpgsqlConnection(database);
        await check.OpenAsync(Ct);
        foreach (var text in acknowledged)
        {
            await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM comments WHERE body = @text", check);
            count.Parameters.AddWithValue("text", text);
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync(Ct))!);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TestDatabases.DropAsync(TestDatabases.Postgres, dataDir);
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
