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
    public static async Task<List<T>> ReadAsync<T>(DbConnection c, string sql, Func<DbDataReader, T> read, CancellationToken ct,
        params (string Name, object? Value)[] values)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            if (value is null)
            {
                // A missing value here is an id (the viewer's account, say): PostgreSQL needs
                // its type for "@viewer IS NULL".
                parameter.DbType = System.Data.DbType.Int64;
            }
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(read(reader));
        }
        return list;
    }

    public static string? NullableString(this DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    public static long? NullableInt64(this DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);
}
