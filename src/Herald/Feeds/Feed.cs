namespace Herald.Feeds;

// One feed, whatever its format: RssFeed, AtomFeed and JsonFeed each write this.
// URLs are absolute; times are Unix milliseconds, UTC.
public sealed record Feed(
    string Title,
    string Description,
    string HomeUrl,
    FeedUrls Self,
    string? Language,
    long Updated,
    string? Hub,
    FeedPerson Publisher,
    string IconUrl,
    IReadOnlyList<FeedEntry> Entries);

public sealed record FeedUrls(string Rss, string Atom, string Json);

public sealed record FeedEntry(
    string Id,
    string Url,
    string Title,
    string Summary,
    string? ContentHtml,
    long Published,
    long Updated,
    string Language,
    string? ImageUrl,
    IReadOnlyList<FeedPerson> Authors,
    IReadOnlyList<FeedCategory> Categories,
    IReadOnlyList<FeedEnclosure> Enclosures);

public sealed record FeedPerson(string Name, string Url);

// Term is the slug, Label the display name; Scheme + Term is the category's page.
public sealed record FeedCategory(string Term, string Label, string Scheme);

public sealed record FeedEnclosure(string Url, string MimeType, string Medium, int? DurationSeconds);
