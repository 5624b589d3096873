using Herald.Reading;
using Herald.Tests.Support;

namespace Herald.Tests.Browser;

// Fetches every checked page (and the stylesheet) from one site and runs the Nu HTML
// checker over all of them in a single JVM; each test then looks at its own page's messages.
public sealed class CheckedHtml : IAsyncLifetime
{
    public const string Stylesheet = "stylesheet";

    // Checked with the pages so a checker that silently reports nothing cannot pass every test.
    public const string BrokenControl = "deliberately broken control document";

    private readonly Dictionary<string, int> statuses = [];

    public IReadOnlyDictionary<string, IReadOnlyList<NuMessage>> Messages { get; private set; } = null!;

    public int StatusOf(string page) => statuses[page];

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        // The checker needs no socket, so this site runs in memory beside the browser tests.
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite, null, ("Herald:Demo", "true"));
        await site.PublishAsync(Samples.Example());
        var client = site.Client();
        var documents = new Dictionary<string, (string, string)>();
        foreach (var page in CheckedPages.All)
        {
            using var response = await client.GetAsync(new Uri(page.Path, UriKind.Relative), ct);
            statuses[page.Name] = (int)response.StatusCode;
            documents[page.Name] = ("html", await response.Content.ReadAsStringAsync(ct));
        }
        documents[Stylesheet] = ("css", await client.GetStringAsync(new Uri(Assets.StylesheetPath, UriKind.Relative), ct));
        documents[BrokenControl] = ("html", "<!DOCTYPE html><html lang=en><title>x</title><p><div></p></div><img src=a.jpg>");
        Messages = await NuHtmlChecker.CheckAsync(documents, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
