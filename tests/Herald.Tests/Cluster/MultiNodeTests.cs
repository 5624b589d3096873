using System.Net;
using Herald.Tests.Support;

namespace Herald.Tests.Cluster;

// Two Herald processes on one PostgreSQL database and one Redis, as behind a load balancer.
public sealed class MultiNodeTests : IAsyncLifetime
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("herald-cluster-").FullName;
    private string database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        database = TestDatabases.ConnectionString(TestDatabases.Postgres, dataDir)!;
        return ValueTask.CompletedTask;
    }

    private static string[] Settings => ["--Herald:ChangePollSeconds=0.2", "--Herald:Comments:MinSecondsToSubmit=0", "--Herald:Comments:TrustAfterApproved=5"];

    private async Task ImportAsync(string slug, string title)
    {
        var file = Path.Combine(dataDir, $"{slug}-{Guid.NewGuid():N}.json");
        var json = Samples.IssueExample.Replace("council-approves-tram-line", slug, StringComparison.Ordinal)
            .Replace("Council approves the new tram line", title, StringComparison.Ordinal)
            .Replace("\"premoderated\"", "\"open\"", StringComparison.Ordinal)
            .Replace(", \"closesAfterHours\": 48", "", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, json, Ct);
        var (exit, output) = await Node.RunAsync("import", file, "--database", database, "--data", dataDir);
        Assert.True(exit == 0, output);
    }

    private static HttpClient Browser(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });

    [Fact]
    public async Task Two_nodes_share_updates_live_comments_and_forms()
    {
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "owner@cluster.invalid", "--name", "Owner", "--role", "owner", "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "mod@cluster.invalid", "--name", "Moderator", "--role", "moderator", "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "reader@cluster.invalid", "--name", "Reader", "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        await ImportAsync("cluster-story", "First version");
        await using var redis = new RedisServer();
        await redis.StartAsync();
        string[] settings = [.. Settings, $"--Herald:Redis={redis.Configuration}"];
        await using var a = await Node.StartAsync(dataDir, database, settings);
        await using var b = await Node.StartAsync(dataDir, database, settings);
        using var anonymous = new HttpClient();
        const string path = "/politics/cluster-story";
        Assert.Contains("First version", await anonymous.GetStringAsync(a.Url(path), Ct), StringComparison.Ordinal);
        Assert.Contains("First version", await anonymous.GetStringAsync(b.Url(path), Ct), StringComparison.Ordinal);

        // An update published through node A's admin API is served by node B within a second.
        await PublishSecondVersionAsync(a, b, "cluster-story");

        // A form rendered by A is accepted by B: cookies and tokens are signed with shared keys.
        var cookies = new CookieContainer();
        using var reader = Browser(cookies);
        await a.SignInAsync(reader, "reader@cluster.invalid");
        var (_, article) = await HtmlPage.GetAsync(reader, a.Url(path).ToString());
        var fields = article.QuerySelectorAll("#comment-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        fields["Text"] = "Written on node A, sent to node B.";
        var commentArticle = article.QuerySelector("#comment-form")!.GetAttribute("action")!.Split('/')[^1];
        using var form = new FormUrlEncodedContent(fields);
        var posted = await reader.PostAsync(b.Url($"/comments/{commentArticle}"), form, Ct);
        Assert.Equal(HttpStatusCode.Found, posted.StatusCode);

        // A reader connected to B sees the comment live when a moderator approves it on A.
        using var live = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var stream = await live.GetStreamAsync(b.Url($"/comments/{commentArticle}/live"), Ct);
        using var events = new StreamReader(stream);
        Assert.Equal("retry: 5000", await events.ReadLineAsync(Ct));

        using var moderator = Browser(new CookieContainer());
        await a.SignInAsync(moderator, "mod@cluster.invalid");
        var (_, queue) = await HtmlPage.GetAsync(moderator, a.Url("/desk/moderation").ToString());
        var approveForm = queue.QuerySelector(".queue-item form[action*='handler=Decide']")!;
        var decision = approveForm.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        decision["Decision"] = "approve";
        using var approve = new FormUrlEncodedContent(decision);
        Assert.Equal(HttpStatusCode.Found, (await moderator.PostAsync(a.Url(approveForm.GetAttribute("action")!), approve, Ct)).StatusCode);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        wait.CancelAfter(TimeSpan.FromSeconds(5));
        string? line;
        do
        {
            line = await events.ReadLineAsync(wait.Token);
        }
        while (line is not null && !line.StartsWith("data:", StringComparison.Ordinal));
        Assert.NotNull(line);
        Assert.Contains("Written on node A, sent to node B.", line, StringComparison.Ordinal);
    }

    // With the change log polled only every minute, node B still drops its in-memory copy of
    // the page at once: node A announces the change on the Redis channel.
    [Fact]
    public async Task Changes_reach_other_nodes_through_redis_without_waiting_for_the_poll()
    {
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "owner@cluster.invalid", "--name", "Owner", "--role", "owner", "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        await ImportAsync("channel-story", "First version");
        await using var redis = new RedisServer();
        await redis.StartAsync();
        string[] settings = ["--Herald:ChangePollSeconds=60", $"--Herald:Redis={redis.Configuration}"];
        await using var a = await Node.StartAsync(dataDir, database, settings);
        await using var b = await Node.StartAsync(dataDir, database, settings);
        using var anonymous = new HttpClient();
        const string path = "/politics/channel-story";
        for (var i = 0; i < 3; i++)
        {
            // Several reads, so node B surely holds the page in its front cache.
            Assert.Contains("First version", await anonymous.GetStringAsync(b.Url(path), Ct), StringComparison.Ordinal);
        }
        await PublishSecondVersionAsync(a, b, "channel-story");
    }

    // Publishes "Second version" of SLUG through node A's admin API, then polls node B
    // until it serves it, allowing three seconds: far below the 60 s poll of the Redis test,
    // so only the channel can have brought the change, with room for a 2-core machine running
    // the whole suite at once (one second ran out there once). How fast a change is served is
    // the benchmark's to measure, not this test's.
    private async Task PublishSecondVersionAsync(Node a, Node b, string slug)
    {
        var (tokenExit, tokenOutput) = await Node.RunAsync("token", "create", "--role", "editor", "--name", $"{slug} test", "--database", database, "--data", dataDir);
        Assert.True(tokenExit == 0, tokenOutput);
        using var anonymous = new HttpClient();
        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokenOutput.Split('\n')[0].Trim());
        var articleId = System.Text.Json.JsonDocument.Parse(await anonymous.GetStringAsync(a.Url($"/api/v1/articles/slug/{slug}"), Ct)).RootElement.GetProperty("id").GetInt64();
        var second = Samples.IssueExample.Replace("council-approves-tram-line", slug, StringComparison.Ordinal)
            .Replace("Council approves the new tram line", "Second version", StringComparison.Ordinal)
            .Replace("\"premoderated\"", "\"open\"", StringComparison.Ordinal).Replace(", \"closesAfterHours\": 48", "", StringComparison.Ordinal);
        using (var body = new StringContent(second, System.Text.Encoding.UTF8, "application/json"))
        {
            var saved = await api.PutAsync(a.Url($"/api/v1/desk/articles/{articleId}"), body, Ct);
            Assert.True(saved.IsSuccessStatusCode, $"{(int)saved.StatusCode} {await saved.Content.ReadAsStringAsync(Ct)}");
        }
        var published = await api.PostAsync(a.Url($"/api/v1/desk/articles/{articleId}/publish"), null, Ct);
        Assert.True(published.IsSuccessStatusCode, $"{(int)published.StatusCode} {await published.Content.ReadAsStringAsync(Ct)}");
        var path = $"/politics/{slug}";
        var updated = TimeProvider.System.GetTimestamp();
        while (!(await anonymous.GetStringAsync(b.Url(path), Ct)).Contains("Second version", StringComparison.Ordinal))
        {
            Assert.True(TimeProvider.System.GetElapsedTime(updated) < TimeSpan.FromSeconds(3), "node B still served the old version after three seconds");
            await Task.Delay(20, Ct);
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
