using Herald.Articles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Support;

// A Herald site on real Kestrel at 127.0.0.1 on a free port, for clients that need a
// socket (a browser). Same settings as TestSite, on its own SQLite database.
public sealed class LiveSite : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    private LiveSite(Dictionary<string, string?> settings)
    {
        DataDir = Directory.CreateTempSubdirectory("herald-live-").FullName;
        this.settings = new Dictionary<string, string?>
        {
            ["Herald:DataDir"] = DataDir,
            ["Herald:Demo"] = "false",
            ["Herald:Database"] = TestDatabases.ConnectionString(TestDatabases.Sqlite, DataDir),
            ["Herald:ChangePollSeconds"] = "0.2",
        };
        foreach (var (key, value) in settings)
        {
            this.settings[key] = value;
        }
        // Port 0: Kestrel picks a free port; the factory reads the bound address back.
        UseKestrel(0);
    }

    public string DataDir { get; }

    // http://127.0.0.1:<port>/, known once the server has started.
    public Uri BaseAddress => ClientOptions.BaseAddress;

    // demo: load the fictional demo articles (src/Herald/Demo) before the server accepts requests.
    public static LiveSite Start(bool demo = false, params (string Key, string? Value)[] settings) => Start(demo, kestrel: null, settings);

    // kestrel: limits of Kestrel's own, which it takes only in code.
    public static LiveSite Start(bool demo, Action<KestrelServerOptions>? kestrel, params (string Key, string? Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => s.Value);
        all.TryAdd("Herald:Demo", demo ? "true" : "false");
        var site = new LiveSite(all) { kestrel = kestrel };
        site.StartServer();
        // Start is synchronous (fixtures call it from constructors); the owner row is one quick insert.
        TestAccounts.EnsureOwnerAsync(site.Services).GetAwaiter().GetResult();
        return site;
    }

    private Action<KestrelServerOptions>? kestrel;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (kestrel is not null)
        {
            builder.ConfigureKestrel(kestrel);
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Production");
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task<SaveOutcome> PublishAsync(ArticleDocument doc) => Get<Publisher>().SaveAsync(doc, "test");

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabases.DropAsync(TestDatabases.Sqlite, DataDir);
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
