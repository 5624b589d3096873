using System.Data.Common;
using Npgsql;

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

    // For the few callers that cannot await (data-protection keys, metric gauges). Never
    // wait on OpenAsync instead: a socket thread blocked on its own socket's reply hangs.
    public DbConnection Open() => source.OpenConnection();

    public ValueTask DisposeAsync() => source.DisposeAsync();

    internal DbDataSource Source => source;

    public static Db Create(string? connectionString, string dataDir)
    {
        if (connectionString is { Length: > 0 } cs && IsPostgres(cs))
        {
            return new Db(NpgsqlDataSource.Create(PostgresConnectionString(cs)), SqlDialect.Postgres);
        }
        var path = connectionString is { Length: > 0 } ? connectionString : Path.Combine(dataDir, "herald.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new Db(new SqliteSource(path), SqlDialect.Sqlite);
    }

    public static bool IsPostgres(string connectionString) =>
        connectionString.StartsWith("postgres://", StringComparison.Ordinal) ||
        connectionString.StartsWith("postgresql://", StringComparison.Ordinal) ||
        connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    // Npgsql takes only key/value strings; postgres://user:pass@host:port/db?key=value is the
    // form operators and hosting platforms hand out, so it is translated here.
    //
    // Unless the string sets it, Max Auto Prepare is 64: a statement a connection has run five
    // times is prepared on the server, so PostgreSQL stops parsing and planning the same page
    // queries on every request (uncached article page on PostgreSQL: about 2.1x req/s in the
    // bench's A/B). Behind a pooler in transaction mode without prepared-statement support
    // (PgBouncer before 1.21), set Max Auto Prepare=0.
    public static string PostgresConnectionString(string connectionString)
    {
        var (builder, keys) = connectionString.Contains("://", StringComparison.Ordinal)
            ? FromUrl(connectionString)
            : FromKeyValues(connectionString);
        if (!keys.Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }

    private static (NpgsqlConnectionStringBuilder, IEnumerable<string>) FromKeyValues(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return (new NpgsqlConnectionStringBuilder(connectionString), given.Keys.Cast<string>().ToList());
    }

    private static (NpgsqlConnectionStringBuilder, IEnumerable<string>) FromUrl(string connectionString)
    {
        var url = new Uri(connectionString);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = url.IdnHost,
            Port = url.IsDefaultPort || url.Port < 0 ? 5432 : url.Port,
        };
        if (url.UserInfo.Length > 0)
        {
            var colon = url.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(url.UserInfo[(colon + 1)..]);
            }
        }
        if (url.AbsolutePath.Trim('/') is { Length: > 0 } database)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }
        var keys = new List<string>();
        foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            builder[key] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            keys.Add(key);
        }
        return (builder, keys);
    }
}
