using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Herald.Data;

// Microsoft.Data.Sqlite has no DbDataSource of its own. This one applies the
// per-connection settings every connection must have before it is handed out, and keeps
// open connections with their compiled statements between callers (SqliteStatements.cs).
public sealed class SqliteSource : DbDataSource
{
    // synchronous=FULL: a write that returned is on disk, even after a power cut.
    // temp_store=MEMORY: statement journals and savepoints' sub-journals (and temporary
    // sort trees) stay in memory. By default SQLite moves them to a file under /var/tmp past
    // 64 KB, on disk even when the database is not: an import's per-article savepoints wrote
    // 140 KB an article there, 71 of its 115 pwrites (1.13x importing 5,000 articles). Set
    // when the connection opens: changing it later makes SQLite compile again every
    // statement the connection keeps.
    private const string ConnectionPragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY;";

    private readonly string connectionString;

    // SQLite's multi-thread mode: no mutex around each call into a connection. A connection
    // and its statements are only ever used by the one caller that rented it (Rent, Return),
    // which is all this mode asks; in the default serialized mode every step and column read
    // locked and unlocked a mutex (about 3 % of an uncached article page). It can be chosen
    // only before the library initialises, which the first connection of the process does;
    // a process that opened one earlier keeps the serialized mode, which is just as correct.
    static SqliteSource()
    {
        Batteries_V2.Init();
        ThreadingMode = raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK ? "multi-thread" : "serialized";
    }

    internal static string ThreadingMode { get; }

    public SqliteSource(string path)
    {
        FilePath = path;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // SqliteSource pools open connections itself, with their compiled statements.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        // WAL is a property of the file and persists; set it once, on the pool's first connection.
        var first = Rent();
        using (var command = first.Connection.CreateCommand())
        {
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
        }
        Return(first);
    }

    public string FilePath { get; }

    public override string ConnectionString => connectionString;

    // Open connections kept for the next caller, with their compiled statements
    // (SqliteStatements.cs). More than this many idle ones are closed.
    private const int MaxIdle = 32;
    private readonly ConcurrentBag<Physical> idle = [];
    private int idleCount;
    private bool disposed;

    protected override DbConnection CreateDbConnection() => new SqliteLease(this);

    protected override DbConnection OpenDbConnection()
    {
        var lease = new SqliteLease(this);
        lease.Open();
        return lease;
    }

    protected override ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(OpenDbConnection());

    internal Physical Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref idleCount);
            return kept;
        }
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // The query planner's stability guarantee: a statement's plan never depends on the
            // values bound to it. Without it SQLite compiles a statement again on every run when
            // a bound value could change its plan (any LIMIT @x in 3.53, a LIKE @pattern), and
            // the kept statements of SqliteStatements.cs would save nothing for those: the
            // comment list under every article was compiled on every request (uncached article
            // page about 1.8x, uncached home page about 2x with this).
            raw.sqlite3_db_config(connection.Handle!, raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _);
            using var command = connection.CreateCommand();
            command.CommandText = ConnectionPragmas;
            command.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new Physical(connection);
    }

    internal void Return(Physical physical)
    {
        if (Volatile.Read(ref disposed) || !physical.Reset())
        {
            physical.Dispose();
            return;
        }
        if (Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref idleCount);
            physical.Dispose();
            return;
        }
        idle.Add(physical);
        // Disposed meanwhile: nothing may stay open.
        if (Volatile.Read(ref disposed))
        {
            CloseIdle();
        }
    }

    // The compiled statements of the idle connections, by connection (Physical.Statements):
    // each should be compiled once, and held once per connection. The connections are taken
    // out of the pool meanwhile, so that nothing else uses them.
    internal IReadOnlyList<(int Connection, string Sql, int Recompiled)> Statements()
    {
        var taken = new List<Physical>();
        while (idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref idleCount);
            taken.Add(kept);
        }
        try
        {
            return taken.SelectMany((p, i) => p.Statements().Select(s => (i, s.Sql, s.Recompiled))).ToList();
        }
        finally
        {
            taken.ForEach(Return);
        }
    }

    private void CloseIdle()
    {
        while (idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref idleCount);
            kept.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Volatile.Write(ref disposed, true);
            CloseIdle();
        }
        base.Dispose(disposing);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Volatile.Write(ref disposed, true);
        CloseIdle();
        return base.DisposeAsyncCore();
    }
}
