using System.Data.Common;

namespace Herald.Data;

// Rows read column by column with typed getters, on a command built here: for the reads a
// public page makes on every render (its lists of teasers, its discussion). Dapper maps
// every column through the boxing GetValue, which on SQLite asks for the column's type
// before each read, and each of those calls into the native library pays for the statement
// handle's reference counting: that mapping was a fifth of a home page's render and a third
// of a busy discussion's. Dapper's ExecuteReaderAsync (its parameter object and wrapped
// reader) cost the discussion 160 instead of 146 KB a render and about 7 % of its requests.
// Each caller's read function follows the order of the columns its SQL selects.
public static class TypedRows
{
    public static Task<List<T>> ReadAsync<T>(DbConnection c, string sql, Func<TypedRow, T> read, CancellationToken ct,
        params (string Name, object? Value)[] values) => ReadAsync(c, null, sql, read, ct, values);

    // With an arena, the rows' Text and Utf8Text are read into it (see TextArena).
    public static async Task<List<T>> ReadAsync<T>(DbConnection c, TextArena? arena, string sql, Func<TypedRow, T> read, CancellationToken ct,
        params (string Name, object? Value)[] values)
    {
        if (c is SqliteLease lease)
        {
            ct.ThrowIfCancellationRequested();
            return SqliteRows.Read(lease.Physical, sql, read, values, arena);
        }
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        Bind(command.Parameters, command.CreateParameter, values);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var row = new ReaderRow(reader) { Arena = arena };
        while (await reader.ReadAsync(ct))
        {
            list.Add(read(row));
        }
        return list;
    }

    private static void Bind(DbParameterCollection parameters, Func<DbParameter> create, (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            var parameter = create();
            parameter.ParameterName = "@" + name;
            if (value is null)
            {
                // A missing value here is an id (the viewer's account, say): PostgreSQL needs
                // its type for "@viewer IS NULL".
                parameter.DbType = System.Data.DbType.Int64;
            }
            parameter.Value = value ?? DBNull.Value;
            parameters.Add(parameter);
        }
    }

    // Statements sent together in one round trip (PostgreSQL; Npgsql's batch): each
    // statement's rows go to its read function, in order. A statement without one (BEGIN,
    // SET LOCAL, COMMIT) must return no rows; Npgsql's reader passes over those. SQLite, in
    // the process, has no round trips to save and no batches: its callers read one by one.
    public static async Task BatchAsync(DbConnection c, TextArena? arena, CancellationToken ct, params Batched[] statements)
    {
        if (!c.CanCreateBatch)
        {
            throw new NotSupportedException($"{c.GetType().Name} cannot send statements together; read them one by one");
        }
        await using var batch = c.CreateBatch();
        foreach (var statement in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            Bind(command.Parameters, command.CreateParameter, statement.Values);
            batch.BatchCommands.Add(command);
        }
        if (statements.All(s => s.Read is null))
        {
            // Nothing to read: every statement's error surfaces here, none is left to a reader's disposal.
            await batch.ExecuteNonQueryAsync(ct);
            return;
        }
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var row = new ReaderRow(reader) { Arena = arena };
        var first = true;
        foreach (var statement in statements)
        {
            if (statement.Read is not { } read)
            {
                continue;
            }
            if (!first && !await reader.NextResultAsync(ct))
            {
                throw new InvalidOperationException($"the batch ran out of results before \"{statement.Sql}\": it returns no rows, or one before it without a read function returned some");
            }
            first = false;
            while (await reader.ReadAsync(ct))
            {
                read(row);
            }
        }
    }

    // One statement of a batch: its rows, if it returns any, each handed to Read.
    public sealed record Batched(string Sql, Action<TypedRow>? Read, params (string Name, object? Value)[] Values);

    // The reads on c until the scope is disposed see one snapshot of the database, in one
    // read transaction. On SQLite that also saves system calls: a statement outside a
    // transaction takes and drops the file's shared lock and asks for the file's size, which
    // an uncached article page did for each of its four reads. On PostgreSQL the transaction
    // is repeatable read, so its statements share a snapshot too; Npgsql sends its BEGIN with
    // the first statement, so it costs one round trip, the COMMIT at the end, and it lets a
    // statement's SET LOCAL hold without a warning (see PlannerSettings). Inside a caller's
    // own SQLite transaction there is nothing to begin; on PostgreSQL the scope must be
    // opened outside any (Npgsql refuses a second transaction on a connection).
    public static ReadTogether Together(DbConnection c)
    {
        if (c is SqliteLease lease)
        {
            if (SqliteRows.InTransaction(lease.Physical))
            {
                return new ReadTogether(c, null, null);
            }
            SqliteRows.Execute(lease.Physical, "BEGIN");
            return new ReadTogether(c, lease.Physical, null);
        }
        return new ReadTogether(c, null, c.BeginTransaction(System.Data.IsolationLevel.RepeatableRead));
    }

    // A code path that needs its reads inside the scope (a statement with SET LOCAL) takes
    // the scope itself and reads through its Connection, so it cannot be called outside one.
    public readonly struct ReadTogether : IAsyncDisposable
    {
        private readonly Physical? physical;
        private readonly DbTransaction? transaction;

        internal ReadTogether(DbConnection connection, Physical? physical, DbTransaction? transaction) =>
            (Connection, this.physical, this.transaction) = (connection, physical, transaction);

        public DbConnection Connection { get; }

        // Some errors (a full disk, an interrupted statement) end SQLite's transaction by
        // themselves; a COMMIT then would fail and hide the error that is on its way out.
        // PostgreSQL's transaction, which wrote nothing, is rolled back: disposing it does so,
        // and does not throw when the connection has already failed.
        public ValueTask DisposeAsync()
        {
            if (physical is not null && SqliteRows.InTransaction(physical))
            {
                SqliteRows.Execute(physical, "COMMIT");
            }
            return transaction?.DisposeAsync() ?? default;
        }
    }

    private sealed class ReaderRow(DbDataReader reader) : TypedRow
    {
        public override long GetInt64(int ordinal) => reader.GetInt64(ordinal);

        public override int GetInt32(int ordinal) => reader.GetInt32(ordinal);

        public override string GetString(int ordinal) => reader.GetString(ordinal);

        public override bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);

        protected override bool TryUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
        {
            utf8 = default;
            return false;
        }
    }
}

// The current row of a TypedRows read: the typed getters the read functions use.
public abstract class TypedRow
{
    public abstract long GetInt64(int ordinal);

    public abstract int GetInt32(int ordinal);

    public abstract string GetString(int ordinal);

    public abstract bool IsDBNull(int ordinal);

    public string? NullableString(int ordinal) => IsDBNull(ordinal) ? null : GetString(ordinal);

    public long? NullableInt64(int ordinal) => IsDBNull(ordinal) ? null : GetInt64(ordinal);

    // Where Text and Utf8Text keep what they read, when the caller gave one.
    public TextArena? Arena { get; init; }

    // A text column without a string of its own when the row reads into an arena and the
    // database hands out its UTF-8 (SQLite); otherwise the string, as GetString reads it.
    public ReadOnlyMemory<char> Text(int ordinal) =>
        Arena is { } arena && TryUtf8(ordinal, out var utf8) ? arena.Decode(utf8) : GetString(ordinal).AsMemory();

    // A text column as UTF-8 (an article's body, written into the page as it is stored).
    public ReadOnlyMemory<byte> Utf8Text(int ordinal)
    {
        if (TryUtf8(ordinal, out var utf8))
        {
            return Arena is { } arena ? arena.Copy(utf8) : utf8.ToArray();
        }
        var text = GetString(ordinal);
        return Arena is { } into ? into.Encode(text) : System.Text.Encoding.UTF8.GetBytes(text);
    }

    // A text column with few values (a state, a kind): the one of known it equals, without
    // a new string, or a new string when it is none of them.
    public string Known(int ordinal, ReadOnlySpan<string> known)
    {
        if (TryUtf8(ordinal, out var utf8))
        {
            foreach (var value in known)
            {
                if (System.Text.Ascii.Equals(utf8, value))
                {
                    return value;
                }
            }
            return System.Text.Encoding.UTF8.GetString(utf8);
        }
        var text = GetString(ordinal);
        foreach (var value in known)
        {
            if (value == text)
            {
                return value;
            }
        }
        return text;
    }

    // The column's UTF-8 as the database holds it, valid until the row moves on; false where
    // the driver reads text as strings only (PostgreSQL). A NULL is an error, as in GetString.
    protected abstract bool TryUtf8(int ordinal, out ReadOnlySpan<byte> utf8);
}
