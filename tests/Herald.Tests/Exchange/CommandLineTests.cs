using System.Diagnostics;
using Herald.Hosting;
using Herald.Tests.Cluster;
using Herald.Tests.Support;

namespace Herald.Tests.Exchange;

// The real executable, as an operator runs it.
public sealed class CommandLineTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("herald-cli-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ProcessStartInfo Herald(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDir };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "herald.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HERALD_DATA"] = Path.Combine(dataDir, "site");
        start.Environment.Remove(TieredPgo.Variable);
        return start;
    }

    private Task<(int Exit, string Output, string Errors)> HeraldAsync(params string[] args) => RunAsync(Herald(args));

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(ProcessStartInfo start)
    {
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
        Assert.DoesNotContain("tiered PGO", errors, StringComparison.Ordinal);
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
    public async Task A_large_import_starts_again_without_tiered_pgo_and_keeps_its_output()
    {
        // Two articles and enough blank lines to pass the size at which the import restarts.
        var file = Path.Combine(dataDir, "large.jsonl");
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync(Samples.IssueExample.ReplaceLineEndings(" "));
            await writer.WriteAsync(new string('\n', (int)TieredPgo.LargeImportBytes));
            await writer.WriteLineAsync(Samples.IssueExample.ReplaceLineEndings(" ").Replace("council-approves-tram-line", "tram-line-second", StringComparison.Ordinal));
        }

        var (exit, output, errors) = await HeraldAsync("import", file);

        Assert.Equal(0, exit);
        Assert.Equal(["/politics/council-approves-tram-line", "/politics/tram-line-second"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("herald import: 16 MB to import, so it runs without tiered PGO (DOTNET_TieredPGO=0)", lines[0], StringComparison.Ordinal);
        Assert.Equal("2 imported, 0 failed", lines[1]);

        // The operator's own setting wins, and the import runs in this process.
        var keep = Herald("import", file);
        keep.Environment[TieredPgo.Variable] = "1";
        var (keptExit, _, keptErrors) = await RunAsync(keep);
        Assert.Equal(0, keptExit);
        Assert.Equal("2 imported, 0 failed", keptErrors.Trim());
    }

    [Fact]
    public async Task A_stopped_import_rolls_back_its_open_batch_and_says_what_is_stored()
    {
        // Distinct articles past the restart size, so the stop reaches the restarted process.
        var file = Path.Combine(dataDir, "many.jsonl");
        var article = Samples.IssueExample.ReplaceLineEndings(" ");
        var count = 0;
        await using (var writer = new StreamWriter(file))
        {
            while (writer.BaseStream.Length < TieredPgo.LargeImportBytes)
            {
                await writer.WriteLineAsync(article.Replace("council-approves-tram-line", $"tram-line-{++count}", StringComparison.Ordinal));
            }
        }
        using var process = Process.Start(Herald("import", file))!;
        var errors = process.StandardError.ReadToEndAsync(Ct);
        var printed = new List<string>();
        // The first batch is committed and printed; then SIGTERM, as a service manager sends it.
        printed.Add((await process.StandardOutput.ReadLineAsync(Ct))!);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }
        while (await process.StandardOutput.ReadLineAsync(Ct) is { } line)
        {
            printed.Add(line);
        }
        await process.WaitForExitAsync(Ct);

        Assert.Equal(130, process.ExitCode);
        Assert.InRange(printed.Count, 1, count - 1);
        Assert.Contains($"{printed.Count} imported, 0 failed; stopped during {file}: every path printed is stored, and nothing after the last one was imported",
            await errors, StringComparison.Ordinal);
        Assert.Contains("runs without tiered PGO", await errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", await errors, StringComparison.Ordinal);
        var (_, exported, _) = await HeraldAsync("export");
        Assert.Equal(printed.Order(StringComparer.Ordinal),
            exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => "/politics/" + System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("slug").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Export_to_a_file_replaces_it_only_with_a_whole_export()
    {
        var file = Path.Combine(dataDir, "news.jsonl");
        await File.WriteAllTextAsync(file, Samples.IssueExample, Ct);
        Assert.Equal(0, (await HeraldAsync("import", file)).Exit);
        var outFile = Path.Combine(dataDir, "backup.jsonl");
        await File.WriteAllTextAsync(outFile, "yesterday's export\n", Ct);

        // A stored document that no longer reads as the format (changed by hand here).
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDir, "site", "herald.db")};Pooling=False"))
        {
            await c.OpenAsync(Ct);
            await using var update = c.CreateCommand();
            update.CommandText = "UPDATE article_revisions SET document = '{\"format\": \"herald/article@1\"}'";
            await update.ExecuteNonQueryAsync(Ct);
        }
        var (exit, _, errors) = await HeraldAsync("export", "--out", outFile);
        Assert.Equal(1, exit);
        Assert.Matches(@"^article \d+ cannot be exported: its stored document is not valid herald/article@1 \(\w+: .+\); " + System.Text.RegularExpressions.Regex.Escape(outFile) + " was left as it was$", errors.Trim());
        Assert.Equal("yesterday's export\n", await File.ReadAllTextAsync(outFile, Ct));
        Assert.Equal(["backup.jsonl", "news.jsonl"], Directory.GetFiles(dataDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        Assert.Equal(0, (await HeraldAsync("import", file)).Exit); // a new revision, valid again
        Assert.Equal((0, "1 article exported"), await ExitAndErrorsAsync("export", "--out", outFile));
        Assert.Contains("\"slug\":\"council-approves-tram-line\"", await File.ReadAllTextAsync(outFile, Ct), StringComparison.Ordinal);

        var (missingExit, _, missingErrors) = await HeraldAsync("export", "--out", Path.Combine(dataDir, "no-such-folder", "backup.jsonl"));
        Assert.Equal(1, missingExit);
        Assert.StartsWith($"cannot write {Path.Combine(dataDir, "no-such-folder", "backup.jsonl")}: ", missingErrors.Trim(), StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Errors)> ExitAndErrorsAsync(params string[] args)
    {
        var (exit, _, errors) = await HeraldAsync(args);
        return (exit, errors.Trim());
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

    [Fact]
    public async Task The_server_starts_again_with_a_fixed_young_generation_unless_the_operator_chose_one()
    {
        var variable = YoungGeneration.Variable;
        // The process the test started serves, and it now has the variable: it started itself
        // again in place (same process id) before serving.
        await using (var node = await Node.StartAsync(Path.Combine(dataDir, "site"), new Dictionary<string, string?> { [variable] = null }))
        {
            Assert.Equal([$"{variable}={YoungGeneration.Size}"], node.Environment().Where(v => v.StartsWith(variable + "=", StringComparison.Ordinal)));
        }
        // The operator's value is kept, alone.
        await using (var node = await Node.StartAsync(Path.Combine(dataDir, "site"), new Dictionary<string, string?> { [variable] = "0x4000000" }))
        {
            Assert.Equal([$"{variable}=0x4000000"], node.Environment().Where(v => v.StartsWith(variable + "=", StringComparison.Ordinal)));
        }
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
