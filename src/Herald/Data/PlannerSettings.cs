using System.Data.Common;
using Dapper;

namespace Herald.Data;

// PostgreSQL: planner settings for one statement, where its measured plans need them.
//
// SET LOCAL belongs in a transaction block. Sent with its statement as one command, it does
// hold for the statement (Npgsql sends both before one Sync, one implicit transaction), but
// PostgreSQL also warns at every run that it is outside a transaction block: a line in the
// server's log per search. So the statement runs in a transaction of its own, which the
// settings end with; the COMMIT is one more round trip.
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
