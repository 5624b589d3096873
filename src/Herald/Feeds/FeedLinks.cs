using Herald.Reading;

namespace Herald.Feeds;

// Feed autodiscovery links for a page's <head>, one per format. The titles match the feeds'
// own titles (FeedEndpoints). The media types are constants, written raw so that "+" stays
// "+" for autodiscovery scrapers that do not decode character references.
public static class FeedLinks
{
    public static void Write(PageWriter w, string title, Func<FeedFormat, string> path)
    {
        foreach (var format in FeedPaths.Formats)
        {
            w.Raw("<link rel=\"alternate\" type=\"").Raw(FeedPaths.MediaType(format)).Raw('"')
                .Attr("title", $"{title} ({FeedPaths.Label(format)})").Attr("href", path(format)).Raw(">\n");
        }
    }
}
