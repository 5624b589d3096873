using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Herald.Tests.Support;

namespace Herald.Tests.Desk;

public sealed class TokenCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Exit, string Output, string Errors)> HeraldAsync(string dataDir, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "herald.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HERALD_DATA"] = dataDir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Herald_token_create_prints_a_token_once_that_the_admin_api_accepts()
    {
        var dataDir = Directory.CreateTempSubdirectory("herald-token-").FullName;
        var (exit, output, errors) = await HeraldAsync(dataDir, "token", "create", "--role", "editor", "--name", "Newswire import");
        Assert.True(exit == 0, errors);
        var token = output.Trim();
        Assert.StartsWith("hrld_", token, StringComparison.Ordinal);
        Assert.Contains("not shown again", errors, StringComparison.Ordinal);

        Assert.Equal(2, (await HeraldAsync(dataDir, "token", "create", "--role", "moderator", "--name", "x")).Exit);

        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite, null, dataDir);
        var client = site.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
    }
}
