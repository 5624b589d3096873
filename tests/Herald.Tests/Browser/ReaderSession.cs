using Herald.Tests.Support;
using Microsoft.Playwright;

namespace Herald.Tests.Browser;

// A fresh browser context on one site: its own cookies and cache, and a record of the
// errors a reader's console would show. Only the site itself is reachable: demo media
// live on hosts that do not exist, and a test must not touch the network.
public sealed class ReaderSession : IAsyncDisposable
{
    // Console errors from the site's own pages, scripts and styles, and uncaught exceptions.
    private readonly List<string> errors = [];
    private readonly string origin;

    private ReaderSession(IBrowserContext context, IPage page, string origin)
    {
        Context = context;
        Page = page;
        this.origin = origin;
        page.Console += (_, message) =>
        {
            // Failed media requests are reported at the media's own (foreign) address and ignored here.
            if (message.Type == "error" && message.Location.StartsWith(origin, StringComparison.Ordinal))
            {
                errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, exception) => errors.Add($"uncaught: {exception}");
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static async Task<ReaderSession> OpenAsync(IBrowser browser, LiveSite site, bool javaScript = true)
    {
        var origin = site.BaseAddress.GetLeftPart(UriPartial.Authority);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = origin,
            JavaScriptEnabled = javaScript,
            Locale = "en-GB",
            TimezoneId = "Europe/Berlin",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        // A bound on each wait, not a speed check: the whole suite runs at once on two cores,
        // where a page load once took over 10 s.
        context.SetDefaultTimeout(20_000);
        await context.RouteAsync("**/*", route =>
            route.Request.Url.StartsWith(origin + "/", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync("blockedbyclient"));
        var page = await context.NewPageAsync();
        return new ReaderSession(context, page, origin);
    }

    public Uri Url(string path) => new(new Uri(origin), path);

    // Chromium refuses a captions <track> from another origin unless its <video> has a
    // crossorigin attribute. Video_captions_from_the_media_host_load_without_console_errors
    // covers it, so the tests about other things do not all fail on it too.
    public static bool IsCrossOriginCaptionsRefusal(string error) =>
        error.Contains("Unsafe attempt to load URL", StringComparison.Ordinal) && error.Contains(".vtt from frame", StringComparison.Ordinal);

    public void AssertNoErrors(Func<string, bool>? expected = null)
    {
        var unexpected = errors.Where(e => expected is null || !expected(e)).ToList();
        Assert.True(unexpected.Count == 0, "The browser reported errors:\n" + string.Join('\n', unexpected));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
