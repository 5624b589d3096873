using System.Reflection;
using Dapper;

namespace Herald.Data;

// Forward-only SQL files, one folder per dialect, embedded in the assembly.
// A file that has landed is never edited; a change is a new file.
public sealed class Migrator(Db db, TimeProvider clock)
{
    public static IReadOnlyList<(string Version, string Sql)> Scripts(SqlDialect dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var marker = $".Data.Migrations.{dialect.ToString().ToLowerInvariant()}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.Contains(marker, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Version: name[(name.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..^4], Sql: Read(assembly, name)))
            .OrderBy(s => s.Version, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
        var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations")).ToHashSet(StringComparer.Ordinal);
        return Scripts(db.Dialect).Select(s => s.Version).Where(v => !applied.Contains(v)).ToList();
    }

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var pending = await PendingAsync(ct);
        var scripts = Scripts(db.Dialect).Where(s => pending.Contains(s.Version)).ToList();
        await using var connection = await db.OpenAsync(ct);
        foreach (var (version, sql) in scripts)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await connection.ExecuteAsync(sql, transaction: tx);
            // Another process may have applied it meanwhile; the key makes that a no-op.
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at) ON CONFLICT (version) DO NOTHING",
                new { version, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
            await tx.CommitAsync(ct);
        }
        return scripts.Select(s => s.Version).ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
