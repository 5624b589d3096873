using Dapper;
using Herald.Data;
using Herald.Hosting;
using Microsoft.Data.Sqlite;

namespace Herald.Operations;

// herald backup / restore for the embedded site: a consistent copy of the SQLite file,
// taken while the server runs (VACUUM INTO reads one snapshot), plus the media folder.
public sealed class Backup(Db db, HeraldOptions options, TimeProvider clock)
{
    public const string DatabaseFile = "herald.db";

    public async Task<string> CreateAsync(string? target, TextWriter output, CancellationToken ct = default)
    {
        if (db.Dialect != SqlDialect.Sqlite)
        {
            throw new CommandException("herald backup copies the embedded SQLite site; back a PostgreSQL site up with pg_dump.");
        }
        var folder = Path.GetFullPath(target ?? Path.Combine(options.DataDir, "backups", clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)));
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            throw new CommandException($"{folder} is not empty; choose a new folder for the backup.");
        }
        Directory.CreateDirectory(folder);
        await using (var c = await db.OpenAsync(ct))
        {
            await c.ExecuteAsync("VACUUM INTO @file", new { file = Path.Combine(folder, DatabaseFile) });
        }
        var media = Path.Combine(options.DataDir, "media");
        var files = Directory.Exists(media) ? CopyTree(media, Path.Combine(folder, "media")) : 0;
        await output.WriteLineAsync($"backup written to {folder} (database and {files} media files)");
        return folder;
    }

    // The server must be stopped: the live file is replaced.
    public static async Task RestoreAsync(string source, string dataDir, bool force, TextWriter output)
    {
        var file = Path.Combine(source, DatabaseFile);
        if (!File.Exists(file))
        {
            throw new CommandException($"{source} holds no {DatabaseFile}; give the folder a backup was written to.");
        }
        // Check it is a readable Herald database before anything is replaced.
        await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            await check.OpenAsync();
            await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations");
        }
        var target = Path.Combine(dataDir, DatabaseFile);
        if (File.Exists(target) && !force)
        {
            throw new CommandException($"{target} exists; stop the server and add --force to replace it.");
        }
        Directory.CreateDirectory(dataDir);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            File.Delete(target + suffix);
        }
        File.Copy(file, target, overwrite: true);
        var media = Path.Combine(source, "media");
        var files = Directory.Exists(media) ? CopyTree(media, Path.Combine(dataDir, "media")) : 0;
        await output.WriteLineAsync($"restored {target} and {files} media files from {source}");
    }

    private static int CopyTree(string from, string to)
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
            count++;
        }
        return count;
    }
}
