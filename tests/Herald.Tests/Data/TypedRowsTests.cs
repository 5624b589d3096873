using System.Text;
using Dapper;
using Herald.Data;
using Microsoft.Data.Sqlite;

namespace Herald.Tests.Data;

// TypedRows on SQLite reads through the library directly (SqliteRows): the values, the
// NULLs, the errors and the kept statements must be what Microsoft.Data.Sqlite gives.
public sealed class TypedRowsTests : IAsyncLifetime
{
    private readonly string dir = Directory.CreateTempSubdirectory("herald-typedrows-").FullName;
    private SqliteSource source = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Note(long Id, string Text, string? Remark, long? Due, int Flag);

    private static Note Read(TypedRow r) => new(r.GetInt64(0), r.GetString(1), r.NullableString(2), r.NullableInt64(3), r.GetInt32(4));

    private const string All = "SELECT id, text, remark, due, flag FROM notes WHERE id >= @from ORDER BY id";

    public async ValueTask InitializeAsync()
    {
        source = new SqliteSource(Path.Combine(dir, "test.db"));
        await using var c = await source.OpenConnectionAsync(Ct);
        await c.ExecuteAsync("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL, remark TEXT, due INTEGER, flag INTEGER NOT NULL)");
        await c.ExecuteAsync(
            "INSERT INTO notes VALUES (1, 'plain', NULL, NULL, 0), (2, '', 'leer', 0, 1), (3, 'Grüße aus Köln – ✓ 😀', 'x', -9007199254740993, -7)");
    }

    public async ValueTask DisposeAsync()
    {
        await source.DisposeAsync();
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task Values_nulls_empty_text_and_characters_outside_ASCII_read_as_Microsoft_Data_Sqlite_reads_them()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        var rows = await TypedRows.ReadAsync(c, All, Read, Ct, ("from", 1L));
        Assert.Equal(
            [
                new Note(1, "plain", null, null, 0),
                new Note(2, "", "leer", 0, 1),
                new Note(3, "Grüße aus Köln – ✓ 😀", "x", -9007199254740993, -7),
            ], rows);
        var dapper = (await c.QueryAsync<(long, string, string?, long?, int)>(All, new { from = 1L })).Select(t => new Note(t.Item1, t.Item2, t.Item3, t.Item4, t.Item5));
        Assert.Equal(dapper, rows);
    }

    [Fact]
    public async Task Text_read_into_an_arena_or_as_strings_and_known_values_read_the_same_as_GetString()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        var strings = await TypedRows.ReadAsync(c, All, r => r.GetString(1), Ct, ("from", 1L));
        using var arena = new TextArena();
        foreach (var into in new[] { arena, null })
        {
            var texts = await TypedRows.ReadAsync(c, into, All, r => (Text: r.Text(1), Utf8: r.Utf8Text(1), Known: r.Known(1, ["plain", "x"])), Ct, ("from", 1L));
            Assert.Equal(strings, texts.Select(t => t.Text.ToString()));
            Assert.Equal(strings, texts.Select(t => Encoding.UTF8.GetString(t.Utf8.Span)));
            Assert.Equal(strings, texts.Select(t => t.Known));
        }
        // A known value is the given string itself, not a copy of it.
        string[] known = ["leer", "x"];
        var remarks = await TypedRows.ReadAsync(c, arena, "SELECT remark FROM notes WHERE id >= 2 ORDER BY id", r => r.Known(0, known), Ct);
        Assert.Same(known[0], remarks[0]);
        Assert.Same(known[1], remarks[1]);
        var e = await Assert.ThrowsAsync<InvalidCastException>(async () => await TypedRows.ReadAsync(c, arena, All, r => r.Text(2), Ct, ("from", 1L)));
        Assert.Contains("NULL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_numbers_and_null_parameters_are_bound_and_the_kept_statement_runs_again_with_new_ones()
    {
        for (var i = 0; i < 3; i++)
        {
            await using var c = await source.OpenConnectionAsync(Ct);
            Assert.Equal([2L, 3L], (await TypedRows.ReadAsync(c, All, Read, Ct, ("from", 2L))).Select(n => n.Id));
            Assert.Equal([3L], (await TypedRows.ReadAsync(c, All, Read, Ct, ("from", 3))).Select(n => n.Id));
            Assert.Equal(["Grüße aus Köln – ✓ 😀"],
                await TypedRows.ReadAsync(c, "SELECT text FROM notes WHERE text = @text", r => r.GetString(0), Ct, ("text", "Grüße aus Köln – ✓ 😀")));
            Assert.Equal([1L], await TypedRows.ReadAsync(c, "SELECT id FROM notes WHERE remark IS @remark", r => r.GetInt64(0), Ct, ("remark", null)));
        }
        // One compiled statement per text and connection, however often it ran.
        var held = source.Statements().GroupBy(s => (s.Connection, s.Sql)).Where(g => g.Count() > 1).Select(g => g.Key.Sql);
        Assert.Empty(held);
        Assert.Contains(source.Statements(), s => s.Sql == All);
    }

    [Fact]
    public async Task A_missing_parameter_an_unsupported_value_and_two_statements_are_refused_by_name()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => TypedRows.ReadAsync(c, All, Read, Ct));
        Assert.Contains("@from", missing.Message, StringComparison.Ordinal);
        var unsupported = await Assert.ThrowsAsync<NotSupportedException>(() => TypedRows.ReadAsync(c, All, Read, Ct, ("from", DateTime.UnixEpoch)));
        Assert.Contains("@from", unsupported.Message, StringComparison.Ordinal);
        var two = await Assert.ThrowsAsync<ArgumentException>(() => TypedRows.ReadAsync(c, "SELECT 1; SELECT 2", r => r.GetInt64(0), Ct));
        Assert.Contains("one SQL statement", two.Message, StringComparison.Ordinal);
        // After each refusal the connection and its kept statement still work.
        Assert.Equal(3, (await TypedRows.ReadAsync(c, All, Read, Ct, ("from", 1L))).Count);
    }

    [Fact]
    public async Task A_NULL_read_as_a_value_and_an_SQL_error_are_errors_not_defaults()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        await Assert.ThrowsAsync<InvalidCastException>(() => TypedRows.ReadAsync(c, "SELECT remark FROM notes WHERE id = 1", r => r.GetString(0), Ct));
        await Assert.ThrowsAsync<InvalidCastException>(() => TypedRows.ReadAsync(c, "SELECT due FROM notes WHERE id = 1", r => r.GetInt64(0), Ct));
        var syntax = await Assert.ThrowsAsync<SqliteException>(() => TypedRows.ReadAsync(c, "SELECT nothing FROM notes", r => r.GetInt64(0), Ct));
        Assert.Contains("nothing", syntax.Message, StringComparison.Ordinal);
        // A read function that throws midway (here a value too large for an int) leaves the statement reusable.
        await c.ExecuteAsync("INSERT INTO notes VALUES (4, 'big', NULL, NULL, 4000000000)");
        await Assert.ThrowsAsync<OverflowException>(() => TypedRows.ReadAsync(c, All, Read, Ct, ("from", 1L)));
        Assert.Equal(4, (await TypedRows.ReadAsync(c, All, r => r.GetInt64(0), Ct, ("from", 1L))).Count);
    }

    [Fact]
    public async Task Reads_together_see_one_snapshot_and_later_reads_see_what_was_written_meanwhile()
    {
        const string Count = "SELECT COUNT(*) FROM notes";
        await using var reader = await source.OpenConnectionAsync(Ct);
        await using var writer = await source.OpenConnectionAsync(Ct);
        await using (TypedRows.Together(reader))
        {
            Assert.Equal([3L], await TypedRows.ReadAsync(reader, Count, r => r.GetInt64(0), Ct));
            await writer.ExecuteAsync("INSERT INTO notes VALUES (6, 'meanwhile', NULL, NULL, 0)");
            Assert.Equal([3L], await TypedRows.ReadAsync(reader, Count, r => r.GetInt64(0), Ct));
        }
        Assert.Equal([4L], await TypedRows.ReadAsync(reader, Count, r => r.GetInt64(0), Ct));
        // The snapshot's BEGIN and COMMIT are kept and not compiled again the next time.
        await using (TypedRows.Together(reader))
        {
            Assert.Equal([4L], await TypedRows.ReadAsync(reader, Count, r => r.GetInt64(0), Ct));
        }
        Assert.All(source.Statements().Where(s => s.Sql is "BEGIN" or "COMMIT"), s => Assert.Equal(0, s.Recompiled));
    }

    [Fact]
    public async Task Reads_together_inside_a_callers_transaction_leave_it_to_the_caller()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        await using var tx = await c.BeginTransactionAsync(Ct);
        await c.ExecuteAsync("INSERT INTO notes VALUES (7, 'mine', NULL, NULL, 0)", transaction: tx);
        await using (TypedRows.Together(c))
        {
            Assert.Equal([4L], await TypedRows.ReadAsync(c, "SELECT COUNT(*) FROM notes", r => r.GetInt64(0), Ct));
        }
        // Still the caller's: the insert can be rolled back.
        await tx.RollbackAsync(Ct);
        Assert.Equal([3L], await TypedRows.ReadAsync(c, "SELECT COUNT(*) FROM notes", r => r.GetInt64(0), Ct));
    }

    [Fact]
    public async Task Reads_inside_a_transaction_see_its_writes()
    {
        await using var c = await source.OpenConnectionAsync(Ct);
        await using var tx = await c.BeginTransactionAsync(Ct);
        await c.ExecuteAsync("INSERT INTO notes VALUES (5, 'uncommitted', NULL, NULL, 0)", transaction: tx);
        Assert.Equal(["uncommitted"], await TypedRows.ReadAsync(c, "SELECT text FROM notes WHERE id = @id", r => r.GetString(0), Ct, ("id", 5L)));
        await tx.RollbackAsync(Ct);
        Assert.Empty(await TypedRows.ReadAsync(c, "SELECT text FROM notes WHERE id = @id", r => r.GetString(0), Ct, ("id", 5L)));
    }
}
