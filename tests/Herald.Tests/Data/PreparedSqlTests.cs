using System.Data.Common;
using Dapper;
using Herald.Data;
using Herald.Tests.Support;

namespace Herald.Tests.Data;

// Statements held back (PreparedSql.LaterAsync) go to PostgreSQL in one batch; SQLite, which
// takes no batches, runs them at once. Either way they run before the next statement, in
// order, and a failing one surfaces no later than SendHeldAsync.
public sealed class PreparedSqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Insert = "INSERT INTO held_notes (id, text) VALUES (@id, @text)";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Held_statements_run_in_order_before_the_next_one_and_their_failures_surface_when_sent(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        await c.ExecuteAsync("CREATE TABLE held_notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL)");
        await using var tx = await c.BeginTransactionAsync(Ct);
        using var sql = new PreparedSql(c, tx) { HoldsBack = true };

        await sql.LaterAsync(Insert, ("id", 1L), ("text", "first"));
        await sql.LaterAsync("UPDATE held_notes SET text = @text WHERE id = @id", ("text", "first, edited"), ("id", 1L));
        await sql.LaterAsync(Insert, ("id", 2L), ("text", "second"));
        Assert.Equal("first, edited|second", await sql.ScalarAsync("SELECT " + (database == TestDatabases.Sqlite ? "group_concat(text, '|')" : "string_agg(text, '|' ORDER BY id)") + " FROM held_notes"));

        // Dropped statements never run where they were held; SQLite has already run them.
        await sql.LaterAsync(Insert, ("id", 3L), ("text", "dropped"));
        sql.DropHeld();
        Assert.Equal(database == TestDatabases.Sqlite ? 3L : 2L, Convert.ToInt64(await sql.ScalarAsync("SELECT COUNT(*) FROM held_notes"), System.Globalization.CultureInfo.InvariantCulture));

        var failure = await Record.ExceptionAsync(async () =>
        {
            await sql.LaterAsync(Insert, ("id", 1L), ("text", "a second row with the first one's key"));
            await sql.SendHeldAsync();
        });
        Assert.IsAssignableFrom<DbException>(failure);
    }

    [Fact]
    public async Task Without_HoldsBack_a_later_statement_runs_at_once()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Postgres);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        await c.ExecuteAsync("CREATE TABLE held_notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL)");
        await using var tx = await c.BeginTransactionAsync(Ct);
        using var sql = new PreparedSql(c, tx);
        await sql.LaterAsync(Insert, ("id", 1L), ("text", "first"));
        sql.DropHeld();
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM held_notes", transaction: tx));
    }
}
