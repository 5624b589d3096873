using System.Data.Common;
using Dapper;

namespace Herald.Tests.Support;

// What SQLite's planner makes of a statement: the detail column of EXPLAIN QUERY PLAN, one
// line per step ("SEARCH c USING INDEX ...", "USE TEMP B-TREE FOR ORDER BY"). The statement
// is planned, not run; its parameters need values only to be bound.
public static class QueryPlan
{
    public static async Task<List<string>> OfAsync(DbConnection c, string sql, object? parameters = null) =>
        (await c.QueryAsync<(long, long, long, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)).Select(p => p.Detail).ToList();
}
