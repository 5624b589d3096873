using System.Data.Common;
using System.Globalization;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;
using Herald.Search;
using Npgsql;
using NpgsqlTypes;

namespace Herald.Operations;

// herald copy --to postgres://...: moves a whole embedded site into an empty, migrated
// PostgreSQL database, table by table in foreign-key order, keeping every id; then
// rebuilds the search index there, moves the id sequences past the copied rows and
// checks that every table holds as many rows as the source.
public sealed class SiteCopy(Db source, TimeProvider clock)
{
    private const int Batch = 500;

    // Rebuilt from the published documents rather than copied: the dialects index differently.
    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal) { "article_search", "schema_migrations" };

    public async Task<IReadOnlyDictionary<string, long>> CopyAsync(string targetConnectionString, TextWriter output, CancellationToken ct = default)
    {
        if (source.Dialect != SqlDialect.Sqlite)
        {
            throw new CommandException("copy moves an embedded SQLite site; the source is already PostgreSQL.");
        }
        await using var target = Db.Create(targetConnectionString, Path.GetTempPath());
        if (target.Dialect != SqlDialect.Postgres)
        {
            throw new CommandException("--to must name a PostgreSQL database (postgres://user:password@host:port/database).");
        }
        await new Migrator(source, clock).MigrateAsync(ct);
        await new Migrator(target, clock).MigrateAsync(ct);
        await using var from = await source.OpenAsync(ct);
        await using var to = await target.OpenAsync(ct);
        var tables = await TablesInOrderAsync(to);
        foreach (var table in tables)
        {
            if (await to.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}") > 0)
            {
                throw new CommandException($"the target database is not empty (table {table} has rows); copy into a new database.");
            }
        }
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var tx = await to.BeginTransactionAsync(ct))
        {
            foreach (var table in tables)
            {
                counts[table] = await CopyTableAsync(from, to, tx, table, output, ct);
            }
            await RebuildSearchAsync(to, tx, output);
            var identities = await to.QueryAsync<string>(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'", transaction: tx);
            foreach (var table in identities.Where(tables.Contains))
            {
                // Identity columns continue after the highest copied id.
                await to.ExecuteAsync(
                    $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)", transaction: tx);
            }
            await tx.CommitAsync(ct);
        }
        foreach (var (table, count) in counts)
        {
            var copied = await to.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
            if (copied != count)
            {
                throw new CommandException($"count check failed for {table}: {count} rows in the source, {copied} in the target");
            }
        }
        await output.WriteLineAsync($"copied {counts.Values.Sum()} rows in {counts.Count} tables; every table's count matches the source");
        return counts;
    }

    // Rows stream into PostgreSQL's COPY, binary: one round trip for the table instead of one
    // per row (the 1,084,187 rows of the 100,000-article benchmark site: see bench/RESULTS.md).
    private static async Task<long> CopyTableAsync(DbConnection from, DbConnection to, DbTransaction tx, string table, TextWriter output, CancellationToken ct)
    {
        var total = await from.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        var columns = (await to.QueryAsync<(string Name, string Type)>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @table AND table_schema = current_schema() ORDER BY ordinal_position",
            new { table }, tx)).ToList();
        var names = string.Join(", ", columns.Select(c => c.Name));
        long done = 0;
        await using var read = from.CreateCommand();
        // Rows in id order, so a row that points at an earlier row of its own table (a reply) comes after it.
        read.CommandText = $"SELECT {names} FROM {table}" + (columns.Any(c => c.Name == "id") ? " ORDER BY id" : "");
        await using var reader = await read.ExecuteReaderAsync(ct);
        await using (var import = await ((NpgsqlConnection)to).BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct))
        {
            while (await reader.ReadAsync(ct))
            {
                await import.StartRowAsync(ct);
                for (var i = 0; i < columns.Count; i++)
                {
                    await WriteAsync(import, reader.GetValue(i), table, columns[i].Name, columns[i].Type, ct);
                }
                if (++done % Batch == 0 || done == total)
                {
                    await output.WriteAsync($"\r{table,-28} {Bar(done, total)} {done}/{total}");
                }
            }
            await import.CompleteAsync(ct);
        }
        await output.WriteLineAsync(total == 0 ? $"{table,-28} (empty)" : "");
        return done;
    }

    // Herald's PostgreSQL schema has three column types; SQLite hands integers out as longs.
    private static Task WriteAsync(NpgsqlBinaryImporter import, object value, string table, string column, string type, CancellationToken ct) =>
        value is DBNull ? import.WriteNullAsync(ct) : type switch
        {
            "bigint" => import.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, ct),
            "integer" => import.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, ct),
            "text" => import.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, ct),
            _ => throw new CommandException($"{table}.{column} is of type {type}, which copy does not know how to move"),
        };

    private static async Task RebuildSearchAsync(DbConnection to, DbTransaction tx, TextWriter output)
    {
        // A page of articles at a time: a large site's documents do not fit in memory at once,
        // and the connection cannot read and write at the same time.
        const int Page = 500;
        var (count, after) = (0, 0L);
        while (true)
        {
            var published = (await to.QueryAsync<(long Id, string Document)>(
                """
                SELECT a.id, r.document FROM articles a JOIN article_revisions r ON r.id = a.published_revision_id
                WHERE a.state = 'published' AND a.id > @after ORDER BY a.id LIMIT @page
                """, new { after, page = Page }, tx)).AsList();
            var rows = new List<(long, SearchFields)>(published.Count);
            foreach (var (id, document) in published)
            {
                try
                {
                    rows.Add((id, SearchIndex.Fields(ArticleFormat.ParseStored(document))));
                }
                catch (InvalidDataException e)
                {
                    throw new CommandException($"article {id} cannot be indexed for search: {e.Message}");
                }
            }
            await SearchIndex.UpsertManyAsync((NpgsqlConnection)to, tx, rows, CancellationToken.None);
            count += published.Count;
            if (published.Count < Page)
            {
                break;
            }
            after = published[^1].Id;
        }
        await output.WriteLineAsync($"search index rebuilt for {count} published articles");
    }

    // Parents before children: a table comes after every table its foreign keys point to.
    private static async Task<List<string>> TablesInOrderAsync(DbConnection to)
    {
        var tables = (await to.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"))
            .Where(t => !Derived.Contains(t)).ToList();
        var references = (await to.QueryAsync<(string Child, string Parent)>(
            """
            SELECT tc.table_name, ccu.table_name FROM information_schema.table_constraints tc
            JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
            WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
            """)).ToLookup(r => r.Child, r => r.Parent);
        var ordered = new List<string>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string table)
        {
            if (ordered.Contains(table) || !visiting.Add(table))
            {
                return;
            }
            foreach (var parent in references[table].Where(p => p != table && tables.Contains(p)))
            {
                Visit(parent);
            }
            ordered.Add(table);
        }
        foreach (var table in tables)
        {
            Visit(table);
        }
        return ordered;
    }

    private static string Bar(long done, long total)
    {
        var filled = total == 0 ? 20 : (int)(20 * done / total);
        return "[" + new string('#', filled) + new string('.', 20 - filled) + "]";
    }
}
