using System.Data.Common;
using Dapper;
using Herald.Data;
using Herald.Tests.Support;
using Npgsql;

namespace Herald.Tests.Data;

// PostgreSQL: a statement's SET LOCAL holds inside a transaction block, PlannerSettings' own
// or the page's read transaction (TypedRows.Together), and ends with it, without a warning.
// Sent in a command's implicit transaction it also took effect, but PostgreSQL warned at
// every run, a line in its log for every uncached article page and filtered search.
public sealed class PlannerSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Settings = "SET LOCAL enable_mergejoin = off; SET LOCAL plan_cache_mode = force_custom_plan;";

    private const string Shown = "SELECT current_setting('enable_mergejoin') || ' ' || current_setting('plan_cache_mode')";

    [Fact]
    public async Task Settings_hold_for_their_statement_without_a_warning_and_end_with_it()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Postgres);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var notices = Notices(c);

        Assert.Equal(["off force_custom_plan"], await PlannerSettings.QueryAsync<string>(c, Settings, Shown, null, Ct));
        Assert.Equal("on auto", await c.ExecuteScalarAsync<string>(Shown));
        Assert.Empty(notices);

        // What PlannerSettings avoids: the same text as one command of its own.
        await c.ExecuteScalarAsync<string>(Settings + "\n" + Shown);
        Assert.Contains(notices, n => n.Contains("SET LOCAL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reads_together_share_one_snapshot_and_their_settings_hold_without_a_warning()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Postgres);
        var db = site.Get<Db>();
        await using (var setup = await db.OpenAsync(Ct))
        {
            await setup.ExecuteAsync("CREATE TABLE snapshot_notes (id BIGINT PRIMARY KEY)");
        }
        await using var c = await db.OpenAsync(Ct);
        var notices = Notices(c);
        await using (TypedRows.Together(c))
        {
            Assert.Equal("off force_custom_plan", await c.ExecuteScalarAsync<string>(Settings + "\n" + Shown));
            Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM snapshot_notes"));
            await using (var writer = await db.OpenAsync(Ct))
            {
                await writer.ExecuteAsync("INSERT INTO snapshot_notes (id) VALUES (1)");
            }
            Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM snapshot_notes"));
        }
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM snapshot_notes"));
        Assert.Equal("on auto", await c.ExecuteScalarAsync<string>(Shown));
        Assert.Empty(notices);
    }

    private static List<string> Notices(DbConnection c)
    {
        var notices = new List<string>();
        ((NpgsqlConnection)c).Notice += (_, e) => notices.Add(e.Notice.MessageText);
        return notices;
    }
}
