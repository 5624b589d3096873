using System.CommandLine;
using Herald.Data;
using Herald.Exchange;

namespace Herald.Hosting;

// One executable, several commands. "serve" is the default, so `dotnet run` serves the site.
public static class Cli
{
    private static readonly Option<string?> DataOption = new("--data")
    {
        Description = "Data folder holding the SQLite file and media (default ./data, or HERALD_DATA)",
        Recursive = true,
    };

    private static readonly Option<string?> DatabaseOption = new("--database")
    {
        Description = "PostgreSQL database (postgres://user:password@host:port/name or Host=...); default the SQLite file in the data folder, or HERALD_DATABASE",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Herald: a news publishing platform. Without a command it serves the site.");
        root.Options.Add(DataOption);
        root.Options.Add(DatabaseOption);

        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://localhost:5000)" };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not load demo articles into an empty database" };
        var serve = new Command("serve", "Serve the site and the desk (migrates the database first)") { urls, noDemo };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction((result, ct) => ServeAsync(result, urls, noDemo, ct));
        root.Subcommands.Add(serve);
        // ASP.NET Core hosting arguments (--environment=..., used by test hosts) pass through to the server.
        root.TreatUnmatchedTokensAsErrors = false;
        root.Options.Add(urls);
        root.Options.Add(noDemo);
        root.SetAction((result, ct) => ServeAsync(result, urls, noDemo, ct));

        var migrate = new Command("migrate", "Create or upgrade the database schema, then exit");
        migrate.SetAction((result, ct) => WithServicesAsync(result, async (services, ct2) =>
        {
            var applied = await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            Console.WriteLine(applied.Count == 0 ? "The database is up to date." : $"Applied {string.Join(", ", applied)}.");
            return 0;
        }, ct));
        root.Subcommands.Add(migrate);

        var files = new Argument<string[]>("FILE") { Description = "herald/article@1 files: one JSON object, or JSON Lines", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Import articles in the herald/article@1 format; prints the public path of each") { files };
        import.SetAction((result, ct) =>
        {
            var paths = result.GetValue(files)!;
            TieredPgo.RestartLargeImportWithout(paths, Console.Error, ct);
            return WithServicesAsync(result, (services, ct2) => ImportAsync(services, paths, ct2), ct);
        });
        root.Subcommands.Add(import);

        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output" };
        var export = new Command("export", "Export every article as herald/article@1 JSON Lines") { output };
        export.SetAction((result, ct) => WithServicesAsync(result, (services, ct2) => ExportAsync(services, result.GetValue(output), ct2), ct));
        root.Subcommands.Add(export);
        root.Subcommands.Add(Herald.Webhooks.WebhookCommands.Create(WithServicesAsync));
        root.Subcommands.Add(Herald.Accounts.UserCommands.Create(WithServicesAsync));
        foreach (var command in Herald.Operations.OperationsCommands.Create(WithServicesAsync))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(Herald.Desk.TokenCommands.Create(WithServicesAsync));

        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    // The shell's status for a command ended by Ctrl+C (128 + SIGINT), also after SIGTERM.
    private const int Interrupted = 130;

    private static async Task<int> ImportAsync(IServiceProvider services, string[] files, CancellationToken ct)
    {
        await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        var importer = services.GetRequiredService<Importer>();
        // Buffered: the importer prints a batch of paths at a time and flushes after each.
        await using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        int imported = 0, failed = 0;
        foreach (var file in files)
        {
            var summary = await importer.ImportFileAsync(file, output, Console.Error, ct);
            imported += summary.Imported;
            failed += summary.Failed;
            if (summary.Stopped)
            {
                await Console.Error.WriteLineAsync(
                    $"{imported} imported, {failed} failed; stopped during {file}: every path printed is stored, and nothing after the last one was imported");
                return Interrupted;
            }
        }
        await Console.Error.WriteLineAsync($"{imported} imported, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string? path, CancellationToken ct)
    {
        await services.GetRequiredService<Migrator>().MigrateAsync(ct);
        var exporter = services.GetRequiredService<Exporter>();
        int count;
        if (path is null)
        {
            // A stop here is reported by WithServicesAsync, like any command's.
            await using var stdout = new StreamWriter(Console.OpenStandardOutput());
            count = await exporter.ExportAsync(stdout, ct);
        }
        else
        {
            // Written beside the file and moved over it only when whole and on disk: an export
            // that fails or is stopped leaves what was at that path before.
            var full = Path.GetFullPath(path);
            var partial = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.partial");
            try
            {
                await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
                {
                    await using var writer = new StreamWriter(file);
                    count = await exporter.ExportAsync(writer, ct);
                    await writer.FlushAsync(CancellationToken.None);
                    file.Flush(flushToDisk: true);
                }
                File.Move(partial, full, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandException($"cannot write {path}: {e.Message}");
            }
            catch (CommandException e)
            {
                throw new CommandException($"{e.Message}; {path} was left as it was");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"export stopped: {path} was left as it was");
                return Interrupted;
            }
            finally
            {
                if (File.Exists(partial))
                {
                    File.Delete(partial);
                }
            }
        }
        await Console.Error.WriteLineAsync(count == 1 ? "1 article exported" : $"{count} articles exported");
        return 0;
    }

    private static async Task<int> ServeAsync(ParseResult result, Option<string?> urls, Option<bool> noDemo, CancellationToken ct)
    {
        YoungGeneration.RestartServerWithFixedSize(Console.Error, ct);
        var args = result.UnmatchedTokens.ToList();
        if (result.GetValue(urls) is { } u)
        {
            args.Add($"--urls={u}");
        }
        if (result.GetValue(noDemo))
        {
            args.Add("--Herald:Demo=false");
        }
        AddDataArgument(result, args);
        WebApplication app;
        try
        {
            app = HeraldApp.Build([.. args]);
        }
        catch (CommandException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        await app.RunAsync(ct);
        return 0;
    }

    private static async Task<int> WithServicesAsync(ParseResult result, Func<IServiceProvider, CancellationToken, Task<int>> action, CancellationToken ct)
    {
        var args = new List<string>();
        AddDataArgument(result, args);
        var configuration = HeraldApp.Configuration([.. args]);
        await using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddHeraldCore(configuration).BuildServiceProvider();
        try
        {
            return await action(services, ct);
        }
        catch (CommandException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM; commands that can say more about what is kept (import, export) do.
            await Console.Error.WriteLineAsync($"{result.CommandResult.Command.Name}: stopped before it finished");
            return Interrupted;
        }
    }

    private static void AddDataArgument(ParseResult result, List<string> args)
    {
        if (result.GetValue(DataOption) is { } data)
        {
            args.Add($"--Herald:DataDir={data}");
        }
        if (result.GetValue(DatabaseOption) is { } database)
        {
            args.Add($"--Herald:Database={database}");
        }
    }
}
