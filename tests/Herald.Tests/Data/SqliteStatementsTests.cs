using Dapper;
using Herald.Data;

namespace Herald.Tests.Data;

// SqliteSource keeps open connections and their compiled statements between callers. What a
// caller leaves behind (a transaction, parameters, an open reader) must never reach the next.
public sealed class SqliteStatementsTests : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("herald-statements-").FullName;
    private SqliteSource source = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        source = new SqliteSource(Path.Combine(dir, "test.db"));
        await using var c = await source.OpenConnectionAsync(Ct);
        await c.ExecuteAsync("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
    }

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task The_same_statement_runs_again_with_new_parameters_on_a_kept_connection()
    {
        for (var i = 1; i <= 5; i++)
        {
            await using var c = await source.OpenConnectionAsync(Ct);
            await c.ExecuteAsync("INSERT INTO notes (id, text) VALUES (@id, @text)", new { id = i, text = $"note {i}" });
        }
        for (var i = 1; i <= 5; i++)
        {
            await using var c = await source.OpenConnectionAsync(Ct);
            Assert.Equal($"note {i}", await c.QuerySingleAsync<string>("SELECT text FROM notes WHERE id = @id", new { id = i }));
        }
        await using var again = await source.OpenConnectionAsync(Ct);
        // A parameter the caller leaves out is an error, not the value of the previous run.
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => again.QuerySingleAsync<string>("SELECT text FROM notes WHERE id = @id"));
        Assert.Contains("@id", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_before_the_connection_is_reused()
    {
        await using (var c = await source.OpenConnectionAsync(Ct))
        {
            var tx = await c.BeginTransactionAsync(Ct);
            await c.ExecuteAsync("INSERT INTO notes (id, text) VALUES (1, 'never committed')", transaction: tx);
        }
        await using (var c = await source.OpenConnectionAsync(Ct))
        {
            // Begun by hand, outside the ADO.NET transaction API.
            await c.ExecuteAsync("BEGIN; INSERT INTO notes (id, text) VALUES (2, 'never committed either')");
        }
        await using var next = await source.OpenConnectionAsync(Ct);
        Assert.Equal(0, await next.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM notes"));
        await using var tx2 = await next.BeginTransactionAsync(Ct);
        await next.ExecuteAsync("INSERT INTO notes (id, text) VALUES (3, 'committed')", transaction: tx2);
        await tx2.CommitAsync(Ct);
        Assert.Equal("committed", await next.QuerySingleAsync<string>("SELECT text FROM notes"));
    }

    [Fact]
    public async Task The_same_text_runs_while_a_reader_of_it_is_still_open()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        await c.ExecuteAsync("INSERT INTO notes (id, text) VALUES (1, 'a'), (2, 'b')");
        const string sql = "SELECT id FROM notes ORDER BY id";
        await using var outer = c.CreateCommand();
        outer.CommandText = sql;
        await using var reader = await outer.ExecuteReaderAsync(Ct);
        var pairs = new List<(long, long)>();
        while (await reader.ReadAsync(Ct))
        {
            foreach (var inner in await c.QueryAsync<long>(sql))
            {
                pairs.Add((reader.GetInt64(0), inner));
            }
        }
        Assert.Equal([(1, 1), (1, 2), (2, 1), (2, 2)], pairs);
    }

    [Fact]
    public async Task Many_different_statements_and_many_connections_at_once()
    {
        var writers = Enumerable.Range(0, 40).Select(async n =>
        {
            await using var c = await source.OpenConnectionAsync(Ct);
            // A distinct text per writer: more than one connection keeps.
            await c.ExecuteAsync($"INSERT INTO notes (id, text) VALUES (@id, 'writer {n}') /* {n} */", new { id = n + 1 });
        });
        await Task.WhenAll(writers);
        for (var n = 0; n < 300; n++)
        {
            await using var c = await source.OpenConnectionAsync(Ct);
            Assert.Equal(40, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM notes WHERE id > {n % 7 - 7}"));
        }
    }
}
