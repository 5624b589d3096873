using System.Diagnostics;
using Dapper;
using Herald.Data;
using Herald.Tests.Support;
using Npgsql;

namespace Herald.Tests.Data;

public sealed class SchemaTests
{
    // An empty database of one provider, outside any site, deleted afterwards.
    private sealed class EmptyDatabase : IAsyncDisposable
    {
        private readonly string name;
        private readonly string dataDir;

        public EmptyDatabase(string name)
        {
            TestDatabases.Require(name);
            this.name = name;
            dataDir = Directory.CreateTempSubdirectory("herald-schema-").FullName;
            ConnectionString = TestDatabases.ConnectionString(name, dataDir);
            Db = Db.Create(ConnectionString, dataDir);
        }

        public string? ConnectionString { get; }

        public Db Db { get; }

        public Migrator Migrator => new(Db, TimeProvider.System);

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await TestDatabases.DropAsync(name, dataDir);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<Schema> MigratedSchemaAsync(string database)
    {
        await using var empty = new EmptyDatabase(database);
        await empty.Migrator.MigrateAsync(TestContext.Current.CancellationToken);
        return await Schema.ReadAsync(empty.Db);
    }

    [Fact]
    public async Task Both_dialects_migrate_from_empty_to_the_same_schema()
    {
        var sqlite = await MigratedSchemaAsync(TestDatabases.Sqlite);
        var postgres = await MigratedSchemaAsync(TestDatabases.Postgres);

        Assert.Contains("articles", sqlite.Tables.Keys);
        Assert.Contains("column id integer not null generated", sqlite.Tables["articles"]);
        var diff = Schema.Diff(TestDatabases.Sqlite, sqlite, TestDatabases.Postgres, postgres);
        if (diff.Length > 0)
        {
            Assert.Fail($"The migrated schemas differ (sqlite/ and postgres/ under src/Herald/Data/Migrations):\n{diff}");
        }
    }

    [Fact]
    public void Every_migration_exists_in_both_dialects()
    {
        Assert.Equal(
            Migrator.Scripts(SqlDialect.Sqlite).Select(s => s.Version),
            Migrator.Scripts(SqlDialect.Postgres).Select(s => s.Version));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Migrating_twice_changes_nothing_the_second_time(string database)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var empty = new EmptyDatabase(database);

        var first = await empty.Migrator.MigrateAsync(ct);
        var schema = (await Schema.ReadAsync(empty.Db)).ToString();
        var second = await empty.Migrator.MigrateAsync(ct);

        Assert.Equal(Migrator.Scripts(empty.Db.Dialect).Select(s => s.Version), first);
        Assert.Empty(second);
        Assert.Empty(await empty.Migrator.PendingAsync(ct));
        Assert.Equal(schema, (await Schema.ReadAsync(empty.Db)).ToString());
        await using var c = await empty.Db.OpenAsync(ct);
        Assert.Equal(first.Count, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Theory]
    [InlineData("postgres://herald:p%40ss@db.example:6543/news?sslmode=require", "Host=db.example;Port=6543;Username=herald;Password=p@ss;Database=news;SSL Mode=Require;Max Auto Prepare=64")]
    [InlineData("postgresql://db.example/news", "Host=db.example;Port=5432;Database=news;Max Auto Prepare=64")]
    [InlineData("Host=db.example;Database=news", "Host=db.example;Database=news;Max Auto Prepare=64")]
    // Behind a pooler that cannot keep prepared statements, the operator's 0 stands.
    [InlineData("Host=db.example;Database=news;Max Auto Prepare=0", "Host=db.example;Database=news;Max Auto Prepare=0")]
    [InlineData("Host=db.example;Database=news;maxautoprepare=8", "Host=db.example;Database=news;Max Auto Prepare=8")]
    [InlineData("postgres://db.example/news?Max%20Auto%20Prepare=0", "Host=db.example;Port=5432;Database=news;Max Auto Prepare=0")]
    public void A_postgres_url_or_key_value_string_selects_postgres(string given, string expected)
    {
        Assert.True(Db.IsPostgres(given));
        Assert.Equal(Settings(expected), Settings(Db.PostgresConnectionString(given)));
        Assert.False(Db.IsPostgres("/var/lib/herald/herald.db"));
    }

    [Fact]
    public async Task The_migrate_command_takes_a_postgres_url_with_database()
    {
        await using var empty = new EmptyDatabase(TestDatabases.Postgres);
        var settings = new NpgsqlConnectionStringBuilder(empty.ConnectionString);
        var url = $"postgres://{Uri.EscapeDataString(settings.Username!)}:{Uri.EscapeDataString(settings.Password!)}@{settings.Host}:{settings.Port}/{settings.Database}";

        var (exit, output) = await HeraldAsync("migrate", "--database", url);
        Assert.True(exit == 0, output);
        Assert.StartsWith($"Applied {Migrator.Scripts(SqlDialect.Postgres)[0].Version}", output, StringComparison.Ordinal);
        Assert.Empty(await empty.Migrator.PendingAsync(TestContext.Current.CancellationToken));
        Assert.Equal("The database is up to date.", (await HeraldAsync("migrate", "--database", url)).Output.Trim());
    }

    private static async Task<(int Exit, string Output)> HeraldAsync(params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("herald-cli-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "herald.dll"));
            args.ToList().ForEach(start.ArgumentList.Add);
            start.Environment["HERALD_DATA"] = dir;
            start.Environment.Remove("HERALD_DATABASE");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output + await errors);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<string> Settings(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal);
}
