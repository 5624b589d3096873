using Herald.Articles;
using Herald.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Support;

// A whole Herald site over real HTTP (in-memory transport) on its own database.
// Each test makes its own site, so no test depends on another's data.
public sealed class TestSite : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    private readonly bool ownsData;

    private TestSite(string database, Dictionary<string, string?> settings, FakeTimeProvider? clock, string? dataDir)
    {
        TestDatabases.Require(database);
        Database = database;
        ownsData = dataDir is null;
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("herald-test-").FullName;
        Clock = clock;
        this.settings = new Dictionary<string, string?>
        {
            ["Herald:DataDir"] = DataDir,
            ["Herald:Demo"] = "false",
            ["Herald:Database"] = TestDatabases.ConnectionString(database, DataDir),
            ["Herald:ChangePollSeconds"] = "0.2",
        };
        foreach (var (key, value) in settings)
        {
            this.settings[key] = value;
        }
    }

    // Pass (NoOwner, "") as a setting to start a site on which nobody has run the setup yet.
    public const string NoOwner = "Test:NoOwner";

    public string Database { get; }
    public string DataDir { get; }
    public FakeTimeProvider? Clock { get; }

    public static Task<TestSite> StartAsync(string database, FakeTimeProvider? clock = null, params (string Key, string? Value)[] settings) =>
        StartAsync(database, clock, dataDir: null, settings);

    // With dataDir: a restart on another site's data (which that site then keeps on disposal).
    public static async Task<TestSite> StartAsync(string database, FakeTimeProvider? clock, string? dataDir, params (string Key, string? Value)[] settings)
    {
        var site = new TestSite(database, settings.ToDictionary(s => s.Key, s => s.Value), clock, dataDir);
        site.StartServer();
        if (!settings.Any(s => s.Key == NoOwner))
        {
            await TestAccounts.EnsureOwnerAsync(site.Services);
        }
        return site;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Production");
        if (Clock is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task<SaveOutcome> PublishAsync(ArticleDocument doc) => Get<Publisher>().SaveAsync(doc, "test");

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public bool KeepData { get; set; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (KeepData)
        {
            return;
        }
        // A site restarted on another's folder drops the database (the last user of it), while
        // the folder itself stays for the test that made it to delete.
        await TestDatabases.DropAsync(Database, DataDir);
        if (!ownsData)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection; the temp folder is cleaned by the OS.
        }
    }
}
