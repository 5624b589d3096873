using System.Globalization;

namespace Herald.Reading;

public sealed record ArticleListModel(IReadOnlyList<ArticleSummary> Items, int HeadingLevel, bool ShowSection);

public sealed record PagerModel(string BasePath, int Number, bool HasNext);

public static class Times
{
    public static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
