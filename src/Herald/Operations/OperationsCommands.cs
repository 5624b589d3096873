using System.CommandLine;
using Herald.Data;
using Herald.Hosting;

namespace Herald.Operations;

// herald backup, restore and copy: moving a site around.
public static class OperationsCommands
{
    public static IEnumerable<Command> Create(Func<ParseResult, Func<IServiceProvider, CancellationToken, Task<int>>, CancellationToken, Task<int>> withServices)
    {
        var output = new Option<string?>("--out") { Description = "Folder for the backup (default <data>/backups/<time>)" };
        var backup = new Command("backup", "Write a consistent copy of the SQLite database and the media files, while the server runs") { output };
        backup.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            await services.GetRequiredService<Backup>().CreateAsync(result.GetValue(output), Console.Out, ct2);
            return 0;
        }, ct));
        yield return backup;

        var from = new Argument<string>("FOLDER") { Description = "A folder written by herald backup" };
        var force = new Option<bool>("--force") { Description = "Replace an existing database (stop the server first)" };
        var restore = new Command("restore", "Put a backup back in place of the data folder's database and media (with the server stopped)") { from, force };
        restore.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            await Backup.RestoreAsync(result.GetValue(from)!, services.GetRequiredService<HeraldOptions>().DataDir, result.GetValue(force), Console.Out);
            return 0;
        }, ct));
        yield return restore;

        var to = new Option<string>("--to") { Description = "The PostgreSQL database to move the site into (postgres://user:password@host:port/database)", Required = true };
        var copy = new Command("copy", "Move the whole embedded site into an empty PostgreSQL database, with a final count check") { to };
        copy.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            await new SiteCopy(services.GetRequiredService<Db>(), services.GetRequiredService<TimeProvider>()).CopyAsync(result.GetValue(to)!, Console.Out, ct2);
            return 0;
        }, ct));
        yield return copy;
    }
}
