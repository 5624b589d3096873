using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Herald.Data;

// Microsoft.Data.Sqlite has no DbDataSource of its own. This one applies the
// per-connection settings every connection must have before it is handed out.
public sealed class SqliteSource : DbDataSource
{
    // synchronous=FULL: a write that returned is on disk, even after a power cut.
    private const string ConnectionPragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";

    private readonly string connectionString;

    public SqliteSource(string path)
    {
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL is a property of the file and persists; set it once.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    public string FilePath => new SqliteConnectionStringBuilder(connectionString).DataSource;

    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Configure(connection);
        return connection;
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        Configure(connection);
        return connection;
    }

    // Pooled connections hand back the same SQLite handle, whose settings persist; they are
    // applied once per handle rather than on every open (three statements to parse per query).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Configured = [];

    private static void Configure(SqliteConnection connection)
    {
        var handle = connection.Handle;
        if (handle is not null && Configured.TryGetValue(handle, out _))
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = ConnectionPragmas;
        command.ExecuteNonQuery();
        if (handle is not null)
        {
            Configured.AddOrUpdate(handle, handle);
        }
    }
}
