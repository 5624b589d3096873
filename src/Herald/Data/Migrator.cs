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

    // Two processes starting at once (two nodes, or the server and `herald migrate`) must not
    // both apply a file: on PostgreSQL an advisory lock serialises them; SQLite's write lock,
    // taken by the first statement of each transaction, does the same. Each file is checked
    // again inside the lock.
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var pending = await PendingAsync(ct);
        if (pending.Count == 0)
        {
            return [];
        }
        var applied = new List<string>();
        await using var connection = await db.OpenAsync(ct);
        if (db.Dialect == SqlDialect.Postgres)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(7246711)");
        }
        try
        {
            foreach (var (version, sql) in Scripts(db.Dialect).Where(s => pending.Contains(s.Version)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                var done = await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at) ON CONFLICT (version) DO NOTHING",
                    new { version, at = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
                if (done == 0)
                {
                    await tx.RollbackAsync(ct);
                    continue;
                }
                await connection.ExecuteAsync(sql, transaction: tx);
                await tx.CommitAsync(ct);
                applied.Add(version);
            }
        }
        finally
        {
            if (db.Dialect == SqlDialect.Postgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(7246711)");
            }
        }
        return applied;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
