using System.Data.Common;
using System.Diagnostics;

namespace Herald.Data;

// Commands kept for the length of one transaction and run again with new values: a batch
// of articles runs the same statements for every article (a batch of comments, for every
// comment), so each command and its parameters are built once per batch, without Dapper's
// per-call mapping. The compiled statements themselves are kept longer, by the data source
// (SqliteStatements.cs on SQLite, Npgsql's automatic preparation on PostgreSQL).
// A statement's values are given by name, always in the order of its first run.
public sealed class PreparedSql(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);

    public DbConnection Connection => connection;

    public DbTransaction Transaction => transaction;

    // Statements held back by LaterAsync, sent together before anything else runs.
    private DbBatch? held;

    // Whether LaterAsync may hold statements back: only for an owner that sends them
    // (SendHeldAsync) or drops them (DropHeld) at its own boundaries, such as a savepoint.
    public bool HoldsBack { get; init; }

    public Task<int> ExecuteAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values) =>
        held is null ? Bind(sql, values).ExecuteNonQueryAsync() : AfterHeldAsync(Bind(sql, values), static c => c.ExecuteNonQueryAsync());

    public Task<object?> ScalarAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values) =>
        held is null ? Bind(sql, values).ExecuteScalarAsync() : AfterHeldAsync(Bind(sql, values), static c => c.ExecuteScalarAsync());

    public Task<DbDataReader> ReaderAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values) =>
        held is null ? Bind(sql, values).ExecuteReaderAsync() : AfterHeldAsync(Bind(sql, values), static c => c.ExecuteReaderAsync());

    private async Task<T> AfterHeldAsync<T>(DbCommand command, Func<DbCommand, Task<T>> run)
    {
        await SendHeldAsync();
        return await run(command);
    }

    // A statement whose outcome nobody reads (an article's tag, credit and link rows): on
    // PostgreSQL each statement is a round trip to the server, so these wait and go together
    // in one batch before the next statement that is read, or when the owner sends them. Where
    // the database takes no batches (SQLite, in the process, has no round trips) it runs now.
    public Task LaterAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        if (!HoldsBack || !connection.CanCreateBatch)
        {
            return ExecuteAsync(sql, values);
        }
        if (held is null)
        {
            held = connection.CreateBatch();
            held.Transaction = transaction;
        }
        var command = held.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        held.BatchCommands.Add(command);
        return Task.CompletedTask;
    }

    // Sends what LaterAsync held back. A failure surfaces here, so an owner sends before it
    // moves past the point the statements belong to (a savepoint's release, a commit).
    public async Task SendHeldAsync()
    {
        if (held is { } batch)
        {
            held = null;
            await using (batch)
            {
                await batch.ExecuteNonQueryAsync();
            }
        }
    }

    // Forgets what LaterAsync held back, when what it belongs to is rolled back anyway.
    public void DropHeld()
    {
        held?.Dispose();
        held = null;
    }

    private DbCommand Bind(string sql, ReadOnlySpan<(string Name, object? Value)> values)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            foreach (var (name, _) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@" + name;
                command.Parameters.Add(parameter);
            }
            commands[sql] = command;
        }
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.Parameters[i];
            Debug.Assert(parameter.ParameterName.AsSpan(1).SequenceEqual(values[i].Name), "values come in the order of the statement's first run");
            parameter.Value = values[i].Value ?? DBNull.Value;
        }
        return command;
    }

    public void Dispose()
    {
        DropHeld();
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }
        commands.Clear();
    }
}
