using Microsoft.Data.Sqlite;

namespace Herald.Tests.Support;

// The storage providers every storage-touching test runs against. A test takes the
// provider name as its first argument via [MemberData(nameof(TestDatabases.All), ...)].
public static class TestDatabases
{
    public const string Sqlite = "sqlite";

    public static TheoryData<string> All => new(Sqlite);

    public static string? ConnectionString(string database, string dataDir) => database switch
    {
        Sqlite => null,
        _ => throw new ArgumentOutOfRangeException(nameof(database), database, "unknown test database"),
    };

    public static Task DropAsync(string database, string dataDir)
    {
        if (database == Sqlite)
        {
            SqliteConnection.ClearAllPools();
        }
        return Task.CompletedTask;
    }
}
