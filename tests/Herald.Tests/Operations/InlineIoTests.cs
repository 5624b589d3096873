using System.Net;
using Herald.Hosting;
using Herald.Tests.Cluster;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Herald.Tests.Operations;

// Herald:InlineIo: socket work on the epoll threads, front-cache hits answered there.
public sealed class InlineIoTests : IAsyncLifetime
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("herald-inline-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(dataDir, recursive: true);
        return ValueTask.CompletedTask;
    }

    // Whatever the front cache did not answer must reach routing, the database and the views
    // on a thread-pool thread, not on the socket's own thread.
    [Fact]
    public async Task A_request_the_front_cache_did_not_answer_leaves_the_socket_thread()
    {
        var ranOnPool = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? handled = null;
        var socketThread = new Thread(() => handled = InlineIo.LeaveIoThread(new DefaultHttpContext(), _ =>
        {
            ranOnPool.SetResult(Thread.CurrentThread.IsThreadPoolThread);
            return Task.CompletedTask;
        }));
        socketThread.Start();
        socketThread.Join();
        Assert.True(await ranOnPool.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await handled!.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    // A whole process in the mode: kept pages, a fresh render, a form post with cookies.
    [Fact]
    public async Task A_sqlite_node_serves_pages_and_forms_with_inline_io()
    {
        var database = Path.Combine(dataDir, "herald.db");
        var file = Path.Combine(dataDir, "article.json");
        // Its discussion stays open (the sample's closes 48 hours after a date long past).
        await File.WriteAllTextAsync(file, Samples.IssueExample.Replace(", \"closesAfterHours\": 48", "", StringComparison.Ordinal), Ct);
        Assert.Equal(0, (await Node.RunAsync("import", file, "--database", database, "--data", dataDir)).Exit);
        // A site without a staff account shows only its setup page.
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "owner@inline.invalid", "--name", "Owner", "--role", "owner",
            "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "reader@inline.invalid", "--name", "Reader",
            "--password", TestAccounts.Password, "--database", database, "--data", dataDir)).Exit);
        await using var node = await Node.StartAsync(dataDir, database, "--Herald:InlineIo=true");

        using var anonymous = new HttpClient();
        const string path = "/politics/council-approves-tram-line";
        var first = await anonymous.GetByteArrayAsync(node.Url(path), Ct);
        var kept = await anonymous.GetAsync(node.Url(path), Ct);
        Assert.Equal(first, await kept.Content.ReadAsByteArrayAsync(Ct));
        Assert.NotNull(kept.Headers.Age);
        Assert.Contains("Council approves the new tram line", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);

        using var reader = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        await node.SignInAsync(reader, "reader@inline.invalid");
        var (signedIn, page) = await HtmlPage.GetAsync(reader, node.Url(path).ToString());
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Null(signedIn.Headers.Age);
        Assert.NotNull(page.QuerySelector("#comment-form"));
    }

    [Theory]
    [InlineData("--Herald:Database=Host=127.0.0.1;Database=none")]
    [InlineData("--Herald:Redis=127.0.0.1:1")]
    public async Task Refuses_to_start_with_postgresql_or_redis(string setting)
    {
        var (exit, output) = await Node.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--data", dataDir, "--no-demo", "--Herald:InlineIo=true", setting);
        Assert.Equal(1, exit);
        Assert.Contains("Herald:InlineIo=true works only on a single node with the embedded SQLite database", output, StringComparison.Ordinal);
    }
}
