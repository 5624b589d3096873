using Dapper;
using Herald.Data;
using Herald.Tests.Support;
using Npgsql;

namespace Herald.Tests.Data;

// TypedRows.BatchAsync on PostgreSQL (the article page's reads in one round trip): each
// statement's rows reach its own read function, statements without rows are passed over, a
// transaction opened and committed in the batch ends with it, and a batch that fails midway
// leaves a connection the pool can hand out again.
public sealed class BatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_statement_s_rows_reach_its_read_function_in_order_and_the_batch_s_transaction_ends_with_it()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Postgres);
        var db = site.Get<Db>();
        await using var c = await db.OpenAsync(Ct);
        await c.ExecuteAsync("CREATE TABLE batch_notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL)");
        await c.ExecuteAsync("INSERT INTO batch_notes VALUES (1, 'eins'), (2, 'zwei'), (3, 'drei')");
        var notices = new List<string>();
        ((NpgsqlConnection)c).Notice += (_, e) => notices.Add(e.Notice.MessageText);

        var (firsts, nones, lasts, setting) = (new List<string>(), new List<string>(), new List<long>(), "");
        await TypedRows.BatchAsync(c, null, Ct,
        [
            new("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", null),
            new("SELECT text FROM batch_notes WHERE id <= @upTo ORDER BY id", r => firsts.Add(r.GetString(0)), ("upTo", 2L)),
            new("SET LOCAL plan_cache_mode = force_generic_plan", null),
            new("SELECT text FROM batch_notes WHERE text = @text", r => nones.Add(r.GetString(0)), ("text", "vier")),
            new("SELECT id FROM batch_notes WHERE @none IS NULL AND id > 1 ORDER BY id DESC", r => lasts.Add(r.GetInt64(0)), ("none", null)),
            new("SELECT current_setting('plan_cache_mode')", r => setting = r.GetString(0)),
            new("COMMIT", null),
        ]);

        Assert.Equal(["eins", "zwei"], firsts);
        Assert.Empty(nones);
        Assert.Equal([3L, 2L], lasts);
        Assert.Equal("force_generic_plan", setting);
        // The setting ended with the batch's transaction, which left nothing open behind it and
        // warned about nothing.
        Assert.Equal("auto", await c.ExecuteScalarAsync<string>("SELECT current_setting('plan_cache_mode')"));
        await using (var tx = await c.BeginTransactionAsync(Ct))
        {
            await tx.CommitAsync(Ct);
        }
        Assert.Empty(notices);
    }

    [Fact]
    public async Task A_statement_that_fails_midway_is_the_error_and_the_connection_serves_the_next_request()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Postgres);
        var db = site.Get<Db>();
        var read = new List<long>();
        await using (var c = await db.OpenAsync(Ct))
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => TypedRows.BatchAsync(c, null, Ct,
            [
                new("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", null),
                new("SELECT 1::bigint", r => read.Add(r.GetInt64(0))),
                new("SELECT 1 / (SELECT 0)", r => read.Add(r.GetInt64(0))),
                new("COMMIT", null),
            ]));
            Assert.Equal("22012", e.SqlState);
        }
        // Back from the pool, the same connection is out of the failed transaction.
        await using (var again = await db.OpenAsync(Ct))
        {
            Assert.Equal(2L, await again.ExecuteScalarAsync<long>("SELECT 2::bigint"));
            await using var tx = await again.BeginTransactionAsync(Ct);
            Assert.Equal(3L, await again.ExecuteScalarAsync<long>("SELECT 3::bigint", transaction: tx));
        }
    }

    [Fact]
    public async Task SQLite_which_has_no_round_trips_to_save_is_refused_by_name()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => TypedRows.BatchAsync(c, null, Ct, [new("SELECT 1", _ => { })]));
        Assert.Contains("one by one", e.Message, StringComparison.Ordinal);
    }
}
