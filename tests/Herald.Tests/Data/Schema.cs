using System.Data.Common;
using System.Text;
using Dapper;
using Herald.Data;

namespace Herald.Tests.Data;

// A migrated database's schema as plain lines per table, in terms both dialects share:
// column type families, nullability, defaults, keys, uniques, foreign keys and indexes.
public sealed class Schema(SortedDictionary<string, SortedSet<string>> tables)
{
    public IReadOnlyDictionary<string, SortedSet<string>> Tables => tables;

    public static async Task<Schema> ReadAsync(Db db)
    {
        var tables = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        await using var c = await db.OpenAsync();
        var add = (string table, string line) =>
        {
            if (!tables.TryGetValue(table, out var lines))
            {
                tables[table] = lines = new SortedSet<string>(StringComparer.Ordinal);
            }
            lines.Add(line);
        };
        var fullText = db.Dialect switch
        {
            SqlDialect.Sqlite => await ReadSqliteAsync(c, add),
            _ => await ReadPostgresAsync(c, add),
        };
        // Full-text indexes are the one place the dialects differ by design (an FTS5 virtual
        // table; a table with a tsvector column), so only their presence is compared.
        foreach (var table in fullText)
        {
            tables[table] = new SortedSet<string>(StringComparer.Ordinal) { "full-text index" };
        }
        return new Schema(tables);
    }

    private sealed class Column
    {
        public string TableName { get; init; } = "";
        public string Name { get; init; } = "";
        public string Type { get; init; } = "";
        public bool NotNull { get; init; }
        public string? Default { get; init; }
        public bool Generated { get; init; }
    }

    private static async Task<IReadOnlyList<string>> ReadSqliteAsync(DbConnection c, Action<string, string> add)
    {
        // Shadow tables (an FTS5 table's storage) are left out; virtual tables are the full-text indexes.
        var all = (await c.QueryAsync<(string Name, string Type)>(
            "SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")).ToList();
        foreach (var table in all.Where(t => t.Type == "table").Select(t => t.Name))
        {
            var columns = (await c.QueryAsync<(string Name, string Type, long NotNull, string? Default, long Pk)>(
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(@table) ORDER BY cid", new { table })).ToList();
            var key = columns.Where(col => col.Pk > 0).OrderBy(col => col.Pk).Select(col => col.Name).ToList();
            foreach (var col in columns)
            {
                // SQLite reports key columns as nullable, but an INTEGER PRIMARY KEY cannot hold NULL and a
                // TEXT key must not; PostgreSQL makes every key column NOT NULL. Compare what is meant.
                // A lone INTEGER PRIMARY KEY is the rowid, which SQLite assigns: PostgreSQL's identity.
                AddColumn(add, new Column
                {
                    TableName = table, Name = col.Name, Type = col.Type, NotNull = col.NotNull == 1 || col.Pk > 0, Default = col.Default,
                    Generated = key.Count == 1 && col.Pk == 1 && col.Type.Equals("INTEGER", StringComparison.OrdinalIgnoreCase),
                });
            }
            if (key.Count > 0)
            {
                add(table, $"primary key ({string.Join(", ", key)})");
            }
            foreach (var (name, unique, origin) in await c.QueryAsync<(string, long, string)>(
                "SELECT name, \"unique\", origin FROM pragma_index_list(@table)", new { table }))
            {
                var indexColumns = (await c.QueryAsync<(string Name, long Desc)>(
                    "SELECT name, \"desc\" FROM pragma_index_xinfo(@name) WHERE key = 1 ORDER BY seqno", new { name }))
                    .Select(col => col.Desc == 1 ? $"{col.Name} DESC" : col.Name);
                switch (origin)
                {
                    case "u":
                        add(table, $"unique ({string.Join(", ", indexColumns)})");
                        break;
                    case "c":
                        add(table, $"{(unique == 1 ? "unique index" : "index")} {name} ({string.Join(", ", indexColumns)})");
                        break;
                }
            }
            foreach (var fk in (await c.QueryAsync<(long Id, string Table, string From, string? To)>(
                "SELECT id, \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(@table) ORDER BY id, seq", new { table })).GroupBy(fk => fk.Id))
            {
                add(table, $"foreign key ({string.Join(", ", fk.Select(f => f.From))}) references {fk.First().Table} ({string.Join(", ", fk.Select(f => f.To))})");
            }
        }
        return all.Where(t => t.Type == "virtual").Select(t => t.Name).ToList();
    }

    private static async Task<IReadOnlyList<string>> ReadPostgresAsync(DbConnection c, Action<string, string> add)
    {
        foreach (var col in await c.QueryAsync<(string Table, string Name, string Type, string Nullable, string? Default, string Identity)>(
            """
            SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns
            WHERE table_schema = current_schema()
            """))
        {
            AddColumn(add, new Column
            {
                TableName = col.Table, Name = col.Name, Type = col.Type, NotNull = col.Nullable == "NO",
                Default = col.Default is { } d && d.IndexOf("::", StringComparison.Ordinal) is var cast and > 0 ? d[..cast] : col.Default,
                Generated = col.Identity == "YES",
            });
        }
        foreach (var k in await c.QueryAsync<(string Table, string Type, string? References, string[] Columns, string[]? ReferencedColumns)>(
            """
            SELECT t.relname, k.contype::text, r.relname,
                   ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o)::text[],
                   CASE WHEN k.contype = 'f' THEN
                   ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)::text[] END
            FROM pg_constraint k
            JOIN pg_class t ON t.oid = k.conrelid
            LEFT JOIN pg_class r ON r.oid = k.confrelid
            WHERE k.contype IN ('p', 'u', 'f') AND t.relnamespace = to_regnamespace(current_schema())
            """))
        {
            var columns = string.Join(", ", k.Columns);
            add(k.Table, k.Type switch
            {
                "p" => $"primary key ({columns})",
                "u" => $"unique ({columns})",
                _ => $"foreign key ({columns}) references {k.References} ({string.Join(", ", k.ReferencedColumns!)})",
            });
        }
        // Indexes of their own, not those PostgreSQL makes for a primary key or unique constraint.
        foreach (var ix in await c.QueryAsync<(string Table, string Name, bool Unique, string[] Columns)>(
            """
            SELECT t.relname, i.relname, x.indisunique,
                   ARRAY(SELECT a.attname || CASE WHEN x.indoption[(u.o - 1)::int] & 1 = 1 THEN ' DESC' ELSE '' END
                         FROM unnest(x.indkey::int2[]) WITH ORDINALITY u(n, o)
                         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n ORDER BY u.o)::text[]
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = to_regnamespace(current_schema())
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u'))
            """))
        {
            add(ix.Table, $"{(ix.Unique ? "unique index" : "index")} {ix.Name} ({string.Join(", ", ix.Columns)})");
        }
        return (await c.QueryAsync<string>(
            "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND data_type = 'tsvector'")).ToList();
    }

    private static void AddColumn(Action<string, string> add, Column col)
    {
        var line = new StringBuilder($"column {col.Name} {Family(col.Type)}");
        line.Append(col.NotNull ? " not null" : " null");
        if (col.Default is { } d)
        {
            line.Append(" default ").Append(d);
        }
        if (col.Generated)
        {
            line.Append(" generated");
        }
        add(col.TableName, line.ToString());
    }

    // SQLite's type affinity rules (https://sqlite.org/datatype3.html, 3.1) applied to both
    // dialects' type names: BIGINT and INTEGER are one family, TEXT and VARCHAR another.
    public static string Family(string type)
    {
        var t = type.ToUpperInvariant();
        return t.Contains("INT", StringComparison.Ordinal) ? "integer"
            : t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal) ? "text"
            : t.Length == 0 || t.Contains("BLOB", StringComparison.Ordinal) || t == "BYTEA" ? "blob"
            : t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal) ? "real"
            : $"numeric ({type})";
    }

    // Empty when equal; otherwise every table and line found on one side only.
    public static string Diff(string leftName, Schema left, string rightName, Schema right)
    {
        var text = new StringBuilder();
        foreach (var table in left.Tables.Keys.Union(right.Tables.Keys).Order(StringComparer.Ordinal))
        {
            var l = left.Tables.GetValueOrDefault(table) ?? [];
            var r = right.Tables.GetValueOrDefault(table) ?? [];
            var onlyLeft = l.Except(r).ToList();
            var onlyRight = r.Except(l).ToList();
            if (onlyLeft.Count == 0 && onlyRight.Count == 0)
            {
                continue;
            }
            text.AppendLine(l.Count == 0 ? $"table {table}: only in {rightName}" : r.Count == 0 ? $"table {table}: only in {leftName}" : $"table {table}:");
            var width = Math.Max(leftName.Length, rightName.Length) + " only: ".Length;
            onlyLeft.ForEach(line => text.Append("  - ").Append((leftName + " only:").PadRight(width)).AppendLine(line));
            onlyRight.ForEach(line => text.Append("  + ").Append((rightName + " only:").PadRight(width)).AppendLine(line));
        }
        return text.ToString();
    }

    public override string ToString() =>
        string.Join('\n', Tables.SelectMany(t => t.Value.Select(line => $"{t.Key}: {line}")));
}
