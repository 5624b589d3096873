using System.Diagnostics;
using Herald.Tests.Support;

namespace Herald.Tests.Exchange;

// The real executable, as an operator runs it.
public sealed class CommandLineTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("herald-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(int Exit, string Output, string Errors)> HeraldAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "herald.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HERALD_DATA"] = Path.Combine(dataDir, "site");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var errors = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await errors);
    }

    [Fact]
    public async Task Import_prints_paths_reports_bad_articles_by_line_and_exits_non_zero()
    {
        var file = Path.Combine(dataDir, "news.jsonl");
        var bad = Samples.IssueExample.ReplaceLineEndings(" ").Replace("\"slug\": \"council-approves-tram-line\"", "\"slug\": \"broken\"", StringComparison.Ordinal)
            .Replace("\"type\": \"subheading\"", "\"type\": \"headline\"", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(file, [Samples.IssueExample.ReplaceLineEndings(" "), bad], Ct);

        var (exit, output, errors) = await HeraldAsync("import", file);

        Assert.Equal(1, exit);
        Assert.Equal("/politics/council-approves-tram-line", output.Trim());
        Assert.Contains("news.jsonl:2: broken: blocks[2].type: unknown block type \"headline\"", errors, StringComparison.Ordinal);
        Assert.Contains("1 imported, 1 failed", errors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dataDir, "site", "herald.db")));

        var (exportExit, exported, _) = await HeraldAsync("export");
        Assert.Equal(0, exportExit);
        Assert.Contains("\"slug\":\"council-approves-tram-line\"", exported, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", exported, StringComparison.Ordinal);

        var outFile = Path.Combine(dataDir, "out.jsonl");
        Assert.Equal(0, (await HeraldAsync("export", "--out", outFile)).Exit);
        Assert.Equal(exported, await File.ReadAllTextAsync(outFile, Ct));
    }

    [Fact]
    public async Task A_missing_file_is_named_in_the_error()
    {
        var (exit, _, errors) = await HeraldAsync("import", "/nonexistent/news.jsonl");
        Assert.Equal(1, exit);
        Assert.Contains("/nonexistent/news.jsonl: -: -: cannot read the file", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_creates_the_database_and_is_idempotent()
    {
        var (exit, output, _) = await HeraldAsync("migrate", "--data", Path.Combine(dataDir, "other"));
        Assert.Equal(0, exit);
        Assert.StartsWith("Applied 0001_content", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dataDir, "other", "herald.db")));
        Assert.Equal("The database is up to date.", (await HeraldAsync("migrate", "--data", Path.Combine(dataDir, "other"))).Output.Trim());
    }

    [Fact]
    public async Task User_create_makes_a_staff_account_and_prints_a_generated_password()
    {
        var (exit, output, _) = await HeraldAsync("user", "create", "--email", "ed@herald.invalid", "--name", "Ed Itor", "--role", "editor");
        Assert.Equal(0, exit);
        Assert.Contains("created editor account", output, StringComparison.Ordinal);
        Assert.Matches(@"password: \S{12,}", output);

        var (again, _, errors) = await HeraldAsync("user", "create", "--email", "ed@herald.invalid", "--name", "Ed Again");
        Assert.Equal(1, again);
        Assert.Contains("is already taken", errors, StringComparison.Ordinal);

        var (badRole, _, roleErrors) = await HeraldAsync("user", "create", "--email", "x@herald.invalid", "--name", "X", "--role", "king");
        Assert.Equal(2, badRole);
        Assert.Contains("unknown role \"king\"", roleErrors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("serve", "--urls")]
    [InlineData("import", "FILE")]
    [InlineData("export", "--out")]
    [InlineData("migrate", "--data")]
    public async Task Every_command_explains_itself_with_help(string command, string mentions)
    {
        var (exit, output, _) = await HeraldAsync(command, "--help");
        Assert.Equal(0, exit);
        Assert.Contains(mentions, output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
