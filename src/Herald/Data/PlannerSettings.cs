using System.Data.Common;
using Dapper;

namespace Herald.Data;

// PostgreSQL: planner settings for one statement, where its measured plans need them.
//
// SET LOCAL holds only inside a transaction block. The implicit transaction a command runs in
// on its own is not one: there PostgreSQL answers SET LOCAL with a warning (one line in the
// server's log per run) and changes nothing. So the statement runs in a transaction of its
// own, which the settings end with.
public static class PlannerSettings
{
    public static async Task<List<T>> QueryAsync<T>(DbConnection c, string settings, string sql, object? parameters, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        var rows = (await c.QueryAsync<T>(new CommandDefinition(settings + "\n" + sql, parameters, tx, cancellationToken: ct))).AsList();
        await tx.CommitAsync(ct);
        return rows;
    }
}
