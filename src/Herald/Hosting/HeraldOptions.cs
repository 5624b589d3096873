namespace Herald.Hosting;

// Bound from the "Herald" configuration section (appsettings, HERALD__* environment
// variables, or the command-line flags that map onto it).
public sealed class HeraldOptions
{
    public string DataDir { get; set; } = "data";

    // Empty: the embedded SQLite file <DataDir>/herald.db.
    public string? Database { get; set; }

    // Load the demo articles into an empty database at start.
    public bool Demo { get; set; } = true;

    public string SiteName { get; set; } = "Herald News";

    public string TimeZone { get; set; } = "Europe/Berlin";

    // Absolute base URL for canonical links and feeds; empty means the request's own host.
    public string? BaseUrl { get; set; }

    public int PageSize { get; set; } = 20;

    // Serve public pages from the in-memory output cache (off only to measure full renders).
    public bool OutputCache { get; set; } = true;

    // How often a node checks the change log for writes made by another process.
    public double ChangePollSeconds { get; set; } = 1;

    // Search ranks by relevance among the newest this-many matching articles (and always at
    // least as many as the requested page reaches); a word found in most of the archive then
    // costs a few thousand relevance scores instead of one per article. 0: rank every match.
    public int SearchRankWindow { get; set; } = 2000;

    // "full": feeds carry each article's body; "summary": only its lead.
    public string FeedContent { get; set; } = "full";

    // A WebSub hub URL announced in every feed; empty means none.
    public string? WebSubHub { get; set; }

    // When set, /api/v1 answers carry Deprecation and Sunset headers (docs/api.md).
    public DateTimeOffset? ApiV1Deprecated { get; set; }

    public DateTimeOffset? ApiV1Sunset { get; set; }

    public Herald.Accounts.SmtpOptions Smtp { get; set; } = new();

    // Readers must confirm their e-mail address before commenting; on by default when SMTP is set up.
    public bool? RequireConfirmedEmail { get; set; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
