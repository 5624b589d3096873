using System.Runtime.CompilerServices;
using Herald.Data;

namespace Herald.Tests.Support;

internal static class SqliteMode
{
    // As in the server, SqliteSource chooses SQLite's threading mode before any connection of
    // the test process opens, whichever test runs first.
    [ModuleInitializer]
    internal static void ChooseFirst() => RuntimeHelpers.RunClassConstructor(typeof(SqliteSource).TypeHandle);
}
