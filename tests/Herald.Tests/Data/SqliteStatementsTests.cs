using System.Net;
using Dapper;
using Herald.Data;
using Herald.Tests.Comments;
using Herald.Tests.Support;

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

    // No mutex around each call into a connection: the pool hands a connection to one caller
    // at a time, which is all SQLite's multi-thread mode asks.
    [Fact]
    public void SQLite_runs_in_multi_thread_mode() => Assert.Equal("multi-thread", SqliteSource.ThreadingMode);

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

    // A command nobody disposes, its reader left open, must not keep the kept statement from
    // the next caller: closing the connection takes it back, and the next run of the text
    // reuses it rather than compiling it anew.
    [Fact]
    public async Task A_command_never_disposed_goes_back_when_its_connection_closes()
    {
        const string sql = "SELECT text FROM notes WHERE id = @id";
        await using (var c = await source.OpenConnectionAsync(Ct))
        {
            await c.ExecuteAsync("INSERT INTO notes (id, text) VALUES (1, 'a'), (2, 'b')");
            var forgotten = c.CreateCommand();
            forgotten.CommandText = sql;
            var id = forgotten.CreateParameter();
            id.ParameterName = "@id";
            id.Value = 1;
            forgotten.Parameters.Add(id);
            var open = await forgotten.ExecuteReaderAsync(Ct);
            Assert.True(await open.ReadAsync(Ct));
        }
        for (var i = 0; i < 3; i++)
        {
            await using var c = await source.OpenConnectionAsync(Ct);
            Assert.Equal("b", await c.QuerySingleAsync<string>(sql, new { id = 2 }));
        }
        var copies = source.Statements().Where(s => s.Sql == sql).GroupBy(s => s.Connection).Select(g => g.Count());
        Assert.All(copies, n => Assert.Equal(1, n));
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

    // A kept statement is only worth keeping when SQLite does not compile it again on the
    // next run. By default it does exactly that for a statement whose plan could depend on a
    // bound value (any LIMIT @x in 3.53, a LIKE @pattern): the comment list under every
    // article was compiled on every request until SqliteSource switched that off. Nor is it
    // kept when the command that ran it is never given back: Dapper's ExecuteReaderAsync,
    // disposed asynchronously, disposes only its reader, so the discussion's threads were
    // compiled anew on every request until the connection took back, on closing, what its
    // commands still held.
    [Fact]
    public async Task Pages_readers_and_the_newsroom_open_run_on_statements_compiled_once_and_kept()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite, null, ("Herald:OutputCache", "false"));
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");
        await site.PublishAsync(Samples.Article("second-story", title: "Harbour ferry timetable changes", tags: ["Testing", "Transport"]));
        var reader = await CommentSite.SignedInAsync(site, "reader@herald.invalid", "Rosa Linde");
        var editor = await CommentSite.SignedInAsync(site, "desk@herald.invalid", "Desk Admin", "admin");
        var anonymous = site.Client();
        var source = Assert.IsType<SqliteSource>(site.Get<Db>().Source);
        // Start-up's migrations change the schema, which recompiles what ran before them.
        var before = Recompiled(source);
        for (var round = 0; round < 2; round++)
        {
            var (posted, _) = await CommentSite.CommentAsync(reader, path, $"A reader's view, round {round}.");
            Assert.True(posted.IsSuccessStatusCode || Forms.IsRedirect(posted), $"comment {round}: {posted.StatusCode}");
            foreach (var (client, page) in new[]
            {
                (reader, path),
                (anonymous, path), (anonymous, "/"), (anonymous, "/world"),
                (anonymous, "/tag/testing"), (anonymous, "/author/ana-ruiz"), (anonymous, "/search?q=ferry"),
                (anonymous, "/feeds/rss.xml"), (anonymous, "/sitemap.xml"), (anonymous, "/sitemaps/news.xml"), (anonymous, "/api/v1/articles"),
                (editor, "/desk"), (editor, "/desk/moderation"), (editor, "/desk/audit"),
            })
            {
                var response = await client.GetAsync(new Uri(page, UriKind.Relative), Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {response.StatusCode}");
            }
        }
        var recompiled = Recompiled(source).Where(r => r.Value > before.GetValueOrDefault(r.Key)).Select(r => $"{r.Value}x: {r.Key}").ToList();
        Assert.True(recompiled.Count == 0, "compiled again while serving pages:\n" + string.Join("\n", recompiled));
        var held = source.Statements().GroupBy(s => (s.Connection, s.Sql)).Where(g => g.Count() > 1).Select(g => $"{g.Count()}x: {g.Key.Sql}").ToList();
        Assert.True(held.Count == 0, "compiled anew instead of kept (a command never given back):\n" + string.Join("\n", held));
    }

    private static Dictionary<string, int> Recompiled(SqliteSource source) =>
        source.Statements().GroupBy(r => r.Sql).ToDictionary(g => g.Key, g => g.Sum(r => r.Recompiled));
}
