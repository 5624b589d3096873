using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Herald.Data;

// TypedRows on SQLite, straight on the library: the statement is compiled once per
// connection and kept (with the connection's other statements, Physical), its parameters
// bound by name, and each column read by a direct call with the statement's address.
// Through Microsoft.Data.Sqlite every one of those calls went through SQLitePCLRaw's
// SafeHandle, whose reference counting (an interlocked add and release per call, several
// calls per column) was a tenth of the CPU of an uncached article page with a busy
// discussion, more than SQLite's own work to find the rows.
internal static unsafe class SqliteRows
{
    private const int Ok = 0;
    private const int Row = 100;
    private const int Done = 101;
    private const int Null = 5;
    private const uint PreparePersistent = 1;

    public static List<T> Read<T>(Physical physical, string sql, Func<TypedRow, T> read, (string Name, object? Value)[] values, TextArena? arena = null)
    {
        var db = physical.Connection.Handle!.DangerousGetHandle();
        var statement = physical.LendStatement(sql);
        if (statement == 0)
        {
            statement = Prepare(db, sql);
        }
        try
        {
            Bind(db, statement, sql, values);
            var row = new StatementRow(statement) { Arena = arena };
            var list = new List<T>();
            while (true)
            {
                var rc = sqlite3_step(statement);
                if (rc == Done)
                {
                    return list;
                }
                if (rc != Row)
                {
                    throw Failure(db, rc);
                }
                list.Add(read(row));
            }
        }
        finally
        {
            // Both repeat the last step's error, if any, which was thrown above.
            _ = sqlite3_reset(statement);
            _ = sqlite3_clear_bindings(statement);
            physical.GiveBackStatement(sql, statement);
        }
    }

    // A statement without rows (BEGIN, COMMIT), kept like the others.
    public static void Execute(Physical physical, string sql) => _ = Read(physical, sql, static _ => 0, []);

    public static bool InTransaction(Physical physical) => sqlite3_get_autocommit(physical.Connection.Handle!.DangerousGetHandle()) == 0;

    // Its result repeats the statement's last error, already reported when it happened.
    public static void Finalize(nint statement) => _ = sqlite3_finalize(statement);

    private static nint Prepare(nint db, string sql)
    {
        var utf8 = Encoding.UTF8.GetBytes(sql);
        fixed (byte* text = utf8)
        {
            var rc = sqlite3_prepare_v3(db, text, utf8.Length, PreparePersistent, out var statement, out var tail);
            if (rc != Ok)
            {
                throw Failure(db, rc);
            }
            var rest = utf8.AsSpan((int)(tail - text));
            if (statement == 0 || !string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(rest)))
            {
                Finalize(statement);
                throw new ArgumentException($"TypedRows runs exactly one SQL statement: {sql}", nameof(sql));
            }
            return statement;
        }
    }

    // Every parameter the text names must be given: a missing one would silently be NULL.
    private static void Bind(nint db, nint statement, string sql, (string Name, object? Value)[] values)
    {
        var count = sqlite3_bind_parameter_count(statement);
        Span<bool> bound = count <= 64 ? stackalloc bool[count] : new bool[count];
        foreach (var (name, value) in values)
        {
            var index = IndexOf(statement, name);
            if (index == 0)
            {
                continue;
            }
            var rc = value switch
            {
                null => sqlite3_bind_null(statement, index),
                long l => sqlite3_bind_int64(statement, index, l),
                int i => sqlite3_bind_int64(statement, index, i),
                bool b => sqlite3_bind_int64(statement, index, b ? 1 : 0),
                double d => sqlite3_bind_double(statement, index, d),
                string s => BindText(statement, index, s),
                _ => throw new NotSupportedException($"TypedRows binds numbers, text and null; @{name} is a {value.GetType().Name}."),
            };
            if (rc != Ok)
            {
                throw Failure(db, rc);
            }
            bound[index - 1] = true;
        }
        for (var i = 0; i < count; i++)
        {
            if (!bound[i])
            {
                var name = Marshal.PtrToStringUTF8(sqlite3_bind_parameter_name(statement, i + 1));
                throw new InvalidOperationException($"No value was given for the parameter {name} of: {sql}");
            }
        }
    }

    private static int IndexOf(nint statement, string name)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(name.Length) + 2];
        utf8[0] = (byte)'@';
        var length = Encoding.UTF8.GetBytes(name, utf8[1..]);
        utf8[length + 1] = 0;
        fixed (byte* text = utf8)
        {
            return sqlite3_bind_parameter_index(statement, text);
        }
    }

    private static int BindText(nint statement, int index, string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        fixed (byte* text = utf8)
        {
            // SQLITE_TRANSIENT: SQLite copies the text before the call returns.
            return sqlite3_bind_text(statement, index, text, utf8.Length, -1);
        }
    }

    private static SqliteException Failure(nint db, int rc) =>
        new($"SQLite Error {rc}: '{Marshal.PtrToStringUTF8(sqlite3_errmsg(db))}'.", rc, sqlite3_extended_errcode(db));

    private sealed class StatementRow(nint statement) : TypedRow
    {
        public override long GetInt64(int ordinal)
        {
            var value = sqlite3_column_int64(statement, ordinal);
            return value == 0 && IsDBNull(ordinal) ? throw NullAt(ordinal) : value;
        }

        public override int GetInt32(int ordinal)
        {
            var value = sqlite3_column_int64(statement, ordinal);
            return value == 0 && IsDBNull(ordinal) ? throw NullAt(ordinal) : checked((int)value);
        }

        public override string GetString(int ordinal)
        {
            _ = TryUtf8(ordinal, out var utf8);
            return Encoding.UTF8.GetString(utf8);
        }

        protected override bool TryUtf8(int ordinal, out ReadOnlySpan<byte> utf8)
        {
            var text = sqlite3_column_text(statement, ordinal);
            if (text == null)
            {
                throw NullAt(ordinal);
            }
            utf8 = new ReadOnlySpan<byte>(text, sqlite3_column_bytes(statement, ordinal));
            return true;
        }

        public override bool IsDBNull(int ordinal) => sqlite3_column_type(statement, ordinal) == Null;

        private static InvalidCastException NullAt(int ordinal) => new($"The column at {ordinal} is NULL; read it with a Nullable getter.");
    }

    // The column reads are short and never call back into .NET, so they skip the
    // transition to preemptive mode; stepping a statement can wait on a lock and does not.
    [DllImport("e_sqlite3")]
    private static extern int sqlite3_prepare_v3(nint db, byte* sql, int bytes, uint flags, out nint statement, out byte* tail);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_step(nint statement);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_reset(nint statement);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_clear_bindings(nint statement);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_finalize(nint statement);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_bind_parameter_count(nint statement);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_bind_parameter_index(nint statement, byte* name);

    [DllImport("e_sqlite3")]
    private static extern nint sqlite3_bind_parameter_name(nint statement, int index);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_bind_null(nint statement, int index);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_bind_int64(nint statement, int index, long value);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_bind_double(nint statement, int index, double value);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_bind_text(nint statement, int index, byte* value, int bytes, nint destructor);

    [DllImport("e_sqlite3")]
    private static extern nint sqlite3_errmsg(nint db);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_get_autocommit(nint db);

    [DllImport("e_sqlite3")]
    private static extern int sqlite3_extended_errcode(nint db);

    [DllImport("e_sqlite3"), SuppressGCTransition]
    private static extern int sqlite3_column_type(nint statement, int ordinal);

    [DllImport("e_sqlite3"), SuppressGCTransition]
    private static extern long sqlite3_column_int64(nint statement, int ordinal);

    [DllImport("e_sqlite3"), SuppressGCTransition]
    private static extern byte* sqlite3_column_text(nint statement, int ordinal);

    [DllImport("e_sqlite3"), SuppressGCTransition]
    private static extern int sqlite3_column_bytes(nint statement, int ordinal);
}
