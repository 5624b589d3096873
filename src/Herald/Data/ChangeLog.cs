using System.Data.Common;
using Dapper;

namespace Herald.Data;

// Every write that makes cached pages stale records its cache tags here, in the
// writer's transaction. The writing process evicts at once (Changed); other
// processes and nodes pick the rows up by polling, so a missed signal costs at
// most one poll interval of staleness, never a stale page forever.
public sealed class ChangeLog(TimeProvider clock)
{
    public event Action<IReadOnlyCollection<string>>? Changed;

    public async Task RecordAsync(DbConnection connection, DbTransaction tx, IReadOnlyCollection<string> tags)
    {
        // Pollers read "id > last seen". On PostgreSQL concurrent writers could commit ids out of
        // order and a poller could skip one; the lock makes change rows commit in id order.
        // (SQLite has one writer at a time already.) The lock and the row go in one round trip.
        const string insert = "INSERT INTO content_changes (at, tags) VALUES (@at, @tags)";
        var (at, joined) = (clock.GetUtcNow().ToUnixTimeMilliseconds(), string.Join(' ', tags));
        if (connection is Npgsql.NpgsqlConnection)
        {
            await TypedRows.BatchAsync(connection, null, CancellationToken.None,
                new("LOCK TABLE content_changes IN EXCLUSIVE MODE", null), new(insert, null, ("at", at), ("tags", joined)));
            return;
        }
        await connection.ExecuteAsync(insert, new { at, tags = joined }, tx);
    }

    public void Notify(IReadOnlyCollection<string> tags) => Changed?.Invoke(tags);

    // The usual end of a write: record the stale tags in the transaction, commit, evict
    // (nothing to record or evict when the write made no page stale).
    public async Task CommitAsync(DbConnection connection, DbTransaction tx, IReadOnlyCollection<string> tags, CancellationToken ct = default)
    {
        if (tags.Count == 0)
        {
            await tx.CommitAsync(ct);
            return;
        }
        await RecordAsync(connection, tx, tags);
        await tx.CommitAsync(ct);
        Notify(tags);
    }

    public static async Task<long> LatestAsync(DbConnection connection) =>
        await connection.ExecuteScalarAsync<long?>("SELECT MAX(id) FROM content_changes") ?? 0;

    public static async Task<(long Latest, IReadOnlyCollection<string> Tags)> SinceAsync(DbConnection connection, long after)
    {
        var rows = (await connection.QueryAsync<(long Id, string Tags)>(
            "SELECT id, tags FROM content_changes WHERE id > @after ORDER BY id LIMIT 1000", new { after })).ToList();
        if (rows.Count == 0)
        {
            return (after, []);
        }
        var tags = rows.SelectMany(r => r.Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        return (rows[^1].Id, tags);
    }
}
