using System.Data.Common;
using Dapper;

namespace Herald.Data;

public static class DbExtensions
{
    // Dapper maps rows onto value tuples but not onto nullable ones; this gives "one row or none" as T?.
    public static async Task<T?> OneOrNoneAsync<T>(this DbConnection connection, string sql, object? parameters = null, DbTransaction? transaction = null)
        where T : struct =>
        (await connection.QueryAsync<T>(sql, parameters, transaction)).Select(row => (T?)row).SingleOrDefault();
}
