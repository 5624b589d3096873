using System.Globalization;

namespace Herald.Reading;

public sealed record ArticleListModel(IReadOnlyList<ArticleSummary> Items, int HeadingLevel, bool ShowSection);

public sealed record PagerModel(string BasePath, int Number, bool HasNext);

public static class Times
{
    // yyyy-MM-ddTHH:mm:ssZ, in UTC. The standard sortable format is formatted without parsing
    // a pattern; a custom pattern string cost a discussion of 54 comments several percent.
    public static string Iso(long unixMs)
    {
        Span<char> text = stackalloc char[IsoLength];
        Iso(text, unixMs);
        return new string(text);
    }

    public const int IsoLength = 20;

    public static void Iso(Span<char> text, long unixMs)
    {
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.TryFormat(text, out var written, "s", CultureInfo.InvariantCulture);
        text[written] = 'Z';
    }
}
