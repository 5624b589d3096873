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

    public Task<int> ExecuteAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values) =>
        Bind(sql, values).ExecuteNonQueryAsync();

    public Task<object?> ScalarAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values) =>
        Bind(sql, values).ExecuteScalarAsync();

    public Task<DbDataReader> ReaderAsync(string sql, params ReadOnlySpan<(string Name, object? Value)> values) =>
        Bind(sql, values).ExecuteReaderAsync();

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
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }
        commands.Clear();
    }
}
