using Herald.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Herald.Tests.Support;

// The storage providers every storage-touching test runs against. A test takes the
// provider name as its first argument via [MemberData(nameof(TestDatabases.All), ...)].
// PostgreSQL is a throwaway server named by HERALD_TEST_POSTGRES (test.sh starts one);
// each test site gets a fresh database on it, dropped when the site is disposed.
public static class TestDatabases
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public const string ServerVariable = "HERALD_TEST_POSTGRES";

    public static TheoryData<string> All => new(Sqlite, Postgres);

    private static readonly string? ServerConnectionString =
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? Db.PostgresConnectionString(server) : null;

    private static readonly Lazy<NpgsqlDataSource?> Server = new(() =>
        ServerConnectionString is null ? null : NpgsqlDataSource.Create(ServerConnectionString));

    // The connection string for the site whose data folder is dataDir; for PostgreSQL the
    // database is named after that folder, so a site restarted on the same folder finds it again.
    public static string? ConnectionString(string database, string dataDir) => database switch
    {
        Sqlite => null,
        Postgres => CreatePostgresDatabase(DatabaseName(dataDir)),
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "unknown test database"),
    };

    public static async Task DropAsync(string database, string dataDir)
    {
        if (database == Sqlite)
        {
            SqliteConnection.ClearAllPools();
        }
        else if (database == Postgres && Server.Value is { } server)
        {
            try
            {
                await using var command = server.CreateCommand($"DROP DATABASE IF EXISTS {DatabaseName(dataDir)} WITH (FORCE)");
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // Pooled connections from before a server restart (the fault test) are dead: drop them and retry once.
                server.Clear();
                await using var command = server.CreateCommand($"DROP DATABASE IF EXISTS {DatabaseName(dataDir)} WITH (FORCE)");
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    // Called first by anything that makes a test database: a missing provider ends the test here.
    public static void Require(string database)
    {
        if (database == Postgres)
        {
            RequirePostgres();
        }
    }

    // Without a server the PostgreSQL case is a visible skip locally, and a failure in CI,
    // where a silently skipped provider would let its bugs land.
    private static NpgsqlDataSource RequirePostgres()
    {
        if (Server.Value is { } server)
        {
            return server;
        }
        var reason = $"{ServerVariable} is not set, so there is no PostgreSQL server to test against; ./test.sh starts one";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{reason}. In CI the PostgreSQL tests must run, not be skipped.");
        }
        Assert.Skip(reason);
        return null!;
    }

    private static string CreatePostgresDatabase(string name)
    {
        var server = RequirePostgres();
        using (var exists = server.CreateCommand($"SELECT 1 FROM pg_database WHERE datname = '{name}'"))
        {
            if (exists.ExecuteScalar() is null)
            {
                using var create = server.CreateCommand($"CREATE DATABASE {name}");
                create.ExecuteNonQuery();
            }
        }
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    // herald_t_ and the random part of the site's temp folder: lowercase letters and digits only.
    private static string DatabaseName(string dataDir) =>
        "herald_t_" + new string(Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDir)).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
}
