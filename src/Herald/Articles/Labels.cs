using System.Globalization;

namespace Herald.Articles;

// Words and date formats that follow the article's language (English and German
// for now; other languages fall back to English words with ISO dates).
public sealed record Labels(
    string Status,
    string Related,
    string Corrections,
    string By,
    string Tags,
    string Correspondent,
    string Breaking,
    string FirstPublished,
    string Gallery,
    string ExternalContent,
    IReadOnlyDictionary<string, string> Roles)
{
    private static readonly Labels English = new("Status", "Related articles", "Corrections", "By", "Tags", "Correspondent", "Breaking news", "First published", "Photo gallery", "External content",
        new Dictionary<string, string> { ["author"] = "Author", ["correspondent"] = "Correspondent", ["editor"] = "Editor", ["photographer"] = "Photographer", ["producer"] = "Producer" });

    private static readonly Labels German = new("Stand", "Mehr zum Thema", "Korrekturen", "Von", "Schlagwörter", "Korrespondent", "Eilmeldung", "Erstmals veröffentlicht", "Bildergalerie", "Externer Inhalt",
        new Dictionary<string, string> { ["author"] = "Autor", ["correspondent"] = "Korrespondent", ["editor"] = "Redaktion", ["photographer"] = "Fotografie", ["producer"] = "Produktion" });

    public string Role(string role) => Roles.GetValueOrDefault(role) ?? Slugs.Humanize(role);

    public static Labels For(string language) => language.StartsWith("de", StringComparison.Ordinal) ? German : English;

    // "01/21/2022 1:47 p.m." in English, "21.01.2022 13:47 Uhr" in German: the status stamp style.
    public static string FormatTime(DateTimeOffset utc, string language, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        if (language.StartsWith("de", StringComparison.Ordinal))
        {
            return local.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture) + " Uhr";
        }
        if (language.StartsWith("en", StringComparison.Ordinal))
        {
            var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
            return local.ToString("MM/dd/yyyy ", CultureInfo.InvariantCulture) +
                   $"{hour}:{local.Minute:00} " + (local.Hour < 12 ? "a.m." : "p.m.");
        }
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
