namespace Herald.Feeds;

public enum FeedFormat
{
    Rss,
    Atom,
    Json,
}

// The public addresses of the feeds: /feeds/rss.xml for the home page, and
// /feeds/{kind}/{slug}/rss.xml for a section, tag or author page (atom.xml, feed.json
// beside each). Every feed path starts with the literal "feeds" and is either two
// segments with a dot in the second or four long, so it never meets an article
// path "/{section}/{slug}", whose slug cannot hold a dot.
public static class FeedPaths
{
    public const string Section = "section";
    public const string Tag = "tag";
    public const string Author = "author";

    public static readonly IReadOnlyList<string> Kinds = [Section, Tag, Author];

    public static readonly IReadOnlyList<FeedFormat> Formats = [FeedFormat.Rss, FeedFormat.Atom, FeedFormat.Json];

    public static string Home(FeedFormat format) => "/feeds/" + File(format);

    public static string Of(string kind, string slug, FeedFormat format) => $"/feeds/{kind}/{slug}/{File(format)}";

    public static string File(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "rss.xml",
        FeedFormat.Atom => "atom.xml",
        _ => "feed.json",
    };

    public static string ContentType(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "application/rss+xml; charset=utf-8",
        FeedFormat.Atom => "application/atom+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    };

    // The media type alone, for autodiscovery links.
    public static string MediaType(FeedFormat format) => ContentType(format).Split(';')[0];

    public static string Label(FeedFormat format) => format switch
    {
        FeedFormat.Rss => "RSS",
        FeedFormat.Atom => "Atom",
        _ => "JSON Feed",
    };
}
