using System.Data.Common;

namespace Herald.Data;

public enum SqlDialect
{
    Sqlite,
    Postgres,
}

// The one handle on storage: a pooled data source plus the dialect, for the few
// statements (DDL, full-text search) that differ between SQLite and PostgreSQL.
public sealed class Db(DbDataSource source, SqlDialect dialect) : IAsyncDisposable
{
    static Db()
    {
        // snake_case columns map onto PascalCase properties.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public SqlDialect Dialect { get; } = dialect;

    public ValueTask<DbConnection> OpenAsync(CancellationToken ct = default) => source.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => source.DisposeAsync();

    public static Db Create(string? connectionString, string dataDir)
    {
        if (connectionString is { Length: > 0 } cs &&
            (cs.StartsWith("postgres://", StringComparison.Ordinal) || cs.StartsWith("postgresql://", StringComparison.Ordinal) || cs.Contains("Host=", StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotSupportedException("PostgreSQL is not available in this build yet; leave the database setting empty to use the embedded SQLite file.");
        }
        var path = connectionString is { Length: > 0 } ? connectionString : Path.Combine(dataDir, "herald.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new Db(new SqliteSource(path), SqlDialect.Sqlite);
    }
}
