using Herald.Tests.Support;

namespace Herald.Tests.Browser;

// The demo articles plus the foundation issue's example (every block type), on real
// Kestrel. The tests that use it only read, so they share one site and one browser.
public sealed class PublishedSite : IAsyncLifetime
{
    public LiveSite Site { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Site = LiveSite.Start(demo: true);
        await Site.PublishAsync(Samples.Example());
    }

    public async ValueTask DisposeAsync()
    {
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<Chromium>, ICollectionFixture<PublishedSite>
{
    public const string Name = "Browser";
}
