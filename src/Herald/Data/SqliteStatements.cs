using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Herald.Data;

// Compiled SQLite statements kept between requests. Microsoft.Data.Sqlite finalizes every
// statement of a connection when it goes back to its pool, and Dapper makes a new command
// per call, so each query used to be parsed and planned again on every request. Here
// SqliteSource keeps open connections in a pool of its own (Physical), each with the
// commands it has run, keyed by their text; the connection and command handed to callers
// (SqliteLease, LeasedCommand) are thin wrappers that run the caller's text on a kept,
// already prepared inner command.
internal sealed class Physical(SqliteConnection connection) : IDisposable
{
    // Per connection; more distinct texts than this are run unkept.
    private const int MaxKept = 200;

    private readonly Dictionary<string, Stack<SqliteCommand>> kept = new(StringComparer.Ordinal);
    private int count;

    public SqliteConnection Connection { get; } = connection;

    public SqliteCommand Lend(string text)
    {
        lock (kept)
        {
            if (kept.TryGetValue(text, out var stack) && stack.TryPop(out var command))
            {
                count--;
                return command;
            }
            command = Connection.CreateCommand();
            command.CommandText = text;
            return command;
        }
    }

    // Statements TypedRows runs on the library directly (SqliteRows), by their text.
    private readonly Dictionary<string, Stack<nint>> statements = new(StringComparer.Ordinal);

    // A kept statement for the text, or 0 when there is none to lend (the caller compiles one).
    public nint LendStatement(string text)
    {
        lock (kept)
        {
            if (statements.TryGetValue(text, out var stack) && stack.TryPop(out var statement))
            {
                count--;
                return statement;
            }
        }
        return 0;
    }

    public void GiveBackStatement(string text, nint statement)
    {
        lock (kept)
        {
            if (count >= MaxKept)
            {
                SqliteRows.Finalize(statement);
                return;
            }
            if (!statements.TryGetValue(text, out var stack))
            {
                statements[text] = stack = new Stack<nint>(1);
            }
            stack.Push(statement);
            count++;
        }
    }

    public void GiveBack(SqliteCommand command)
    {
        lock (kept)
        {
            command.Parameters.Clear();
            command.Transaction = null;
            if (count >= MaxKept)
            {
                command.Dispose();
                return;
            }
            if (!kept.TryGetValue(command.CommandText, out var stack))
            {
                kept[command.CommandText] = stack = new Stack<SqliteCommand>(1);
            }
            stack.Push(command);
            count++;
        }
    }

    // The compiled statements this connection holds, and how often SQLite compiled each again
    // after preparing it: after a schema change (migrations), and on every run of a statement
    // whose plan would depend on a bound value if SqliteSource did not switch that off. A text
    // held more than once, outside a running reader, is a command that was never given back.
    public IEnumerable<(string Sql, int Recompiled)> Statements()
    {
        const int StatusReprepare = 5; // SQLITE_STMTSTATUS_REPREPARE
        if (Connection.Handle is not { } handle)
        {
            yield break;
        }
        // Straight to the library: SQLitePCLRaw's own sqlite3_next_stmt needs statement
        // tracking switched on before the first statement, which every prepare then pays for.
        var db = handle.DangerousGetHandle();
        for (var statement = sqlite3_next_stmt(db, 0); statement != 0; statement = sqlite3_next_stmt(db, statement))
        {
            yield return (Marshal.PtrToStringUTF8(sqlite3_sql(statement)) ?? "", sqlite3_stmt_status(statement, StatusReprepare, 0));
        }
    }

    [DllImport("e_sqlite3")]
    private static extern nint sqlite3_next_stmt(nint db, nint statement);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_stmt_status(nint statement, int op, int reset);

    [DllImport("e_sqlite3")]
    private static extern nint sqlite3_sql(nint statement);

    // A connection goes back to the pool only outside a transaction.
    public bool Reset()
    {
        var handle = Connection.Handle;
        if (handle is null || raw.sqlite3_get_autocommit(handle) != 0)
        {
            return handle is not null;
        }
        try
        {
            using var rollback = Connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        lock (kept)
        {
            foreach (var statement in statements.Values.SelectMany(stack => stack))
            {
                SqliteRows.Finalize(statement);
            }
            statements.Clear();
        }
        Connection.Dispose();
    }
}

// What Db.OpenAsync hands out on SQLite: closing it returns the open connection, with its
// kept statements, to SqliteSource's pool.
internal sealed class SqliteLease(SqliteSource source) : DbConnection
{
    private Physical? physical;
    private SqliteTransaction? transaction;

    // Commands holding one of this connection's kept commands. A caller that never disposes
    // its command (Dapper's ExecuteReaderAsync disposes only the reader when it is disposed
    // asynchronously) would otherwise keep it out of the pool for good, and the next run of
    // that text compile the statement anew; closing takes back whatever is still lent.
    private readonly List<LeasedCommand> lending = [];

    internal void Lending(LeasedCommand command) => lending.Add(command);

    internal void Returned(LeasedCommand command) => lending.Remove(command);

    internal Physical Physical => physical ?? throw new InvalidOperationException("The connection is not open.");

    [AllowNull]
    public override string ConnectionString
    {
        get => source.ConnectionString;
        set => throw new NotSupportedException("The connection string of a Herald SQLite connection is the data source's.");
    }

    public override string Database => "main";

    public override string DataSource => source.FilePath;

    public override string ServerVersion => Physical.Connection.ServerVersion;

    public override ConnectionState State => physical is null ? ConnectionState.Closed : ConnectionState.Open;

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    public override void Open() => physical ??= source.Rent();

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        Open();
        return Task.CompletedTask;
    }

    public override void Close()
    {
        if (physical is not { } p)
        {
            return;
        }
        for (var i = lending.Count - 1; i >= 0; i--)
        {
            lending[i].GiveBack();
        }
        physical = null;
        transaction?.Dispose();
        transaction = null;
        source.Return(p);
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        transaction = Physical.Connection.BeginTransaction(isolationLevel);

    protected override DbCommand CreateDbCommand() => new LeasedCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }
        base.Dispose(disposing);
    }
}

// A command as Dapper and Herald's code build it; executed on the kept inner command for
// its text. The inner command goes back when this one is executed again or disposed, or
// when its connection closes, whichever comes first; a reader left open is closed then.
internal sealed class LeasedCommand(SqliteLease connection) : DbCommand
{
    // Only its parameter collection is used: the caller's values, moved onto the kept command.
    private SqliteCommand? holder;
    private Physical? lentFrom;
    private SqliteCommand? lent;
    private SqliteDataReader? reader;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A command stays on the connection that made it.");
    }

    protected override DbParameterCollection DbParameterCollection => (holder ??= new SqliteCommand()).Parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => lent?.Cancel();

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Lend().ExecuteNonQuery();

    public override object? ExecuteScalar() => Lend().ExecuteScalar();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => reader = Lend().ExecuteReader(behavior);

    private SqliteCommand Lend()
    {
        if (CommandType != CommandType.Text)
        {
            throw new NotSupportedException("SQLite runs text commands only.");
        }
        GiveBack();
        var physical = connection.Physical;
        var inner = physical.Lend(CommandText);
        lentFrom = physical;
        lent = inner;
        connection.Lending(this);
        if (holder is not null)
        {
            foreach (SqliteParameter parameter in holder.Parameters)
            {
                inner.Parameters.Add(parameter);
            }
        }
        inner.Transaction = (SqliteTransaction?)Transaction;
        inner.CommandTimeout = CommandTimeout;
        return inner;
    }

    internal void GiveBack()
    {
        if (lent is { } inner && lentFrom is { } physical)
        {
            // Disposing a reader twice does nothing; one still open would keep the statement busy.
            reader?.Dispose();
            reader = null;
            lent = null;
            lentFrom = null;
            connection.Returned(this);
            physical.GiveBack(inner);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GiveBack();
            holder?.Dispose();
        }
        base.Dispose(disposing);
    }
}
