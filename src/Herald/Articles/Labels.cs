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
        Span<char> text = stackalloc char[MaxTimeLength];
        return new string(text[..FormatTime(text, utc, language, zone)]);
    }

    public const int MaxTimeLength = 24;

    // Into text (MaxTimeLength characters at least); the number of characters written. Digit
    // by digit: on a page with a long discussion, DateTime's pattern formatting was several
    // percent of a render. German "05.12.2026 07:31 Uhr", English "12/05/2026 7:31 a.m.",
    // otherwise "2026-12-05 07:31", in the site's time zone.
    public static int FormatTime(Span<char> text, DateTimeOffset utc, string language, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(utc, zone).DateTime;
        var at = 0;
        if (language.StartsWith("de", StringComparison.Ordinal))
        {
            Put(text, ref at, local.Day, 2, '.');
            Put(text, ref at, local.Month, 2, '.');
            Put(text, ref at, local.Year, 4, ' ');
            Put(text, ref at, local.Hour, 2, ':');
            Put(text, ref at, local.Minute, 2);
            " Uhr".CopyTo(text[at..]);
            return at + 4;
        }
        if (language.StartsWith("en", StringComparison.Ordinal))
        {
            Put(text, ref at, local.Month, 2, '/');
            Put(text, ref at, local.Day, 2, '/');
            Put(text, ref at, local.Year, 4, ' ');
            var hour = local.Hour % 12 == 0 ? 12 : local.Hour % 12;
            Put(text, ref at, hour, hour >= 10 ? 2 : 1, ':');
            Put(text, ref at, local.Minute, 2);
            (local.Hour < 12 ? " a.m." : " p.m.").CopyTo(text[at..]);
            return at + 5;
        }
        Put(text, ref at, local.Year, 4, '-');
        Put(text, ref at, local.Month, 2, '-');
        Put(text, ref at, local.Day, 2, ' ');
        Put(text, ref at, local.Hour, 2, ':');
        Put(text, ref at, local.Minute, 2);
        return at;
    }

    // value in digits (zero-padded to that many), then the separator if there is one.
    private static void Put(Span<char> text, ref int at, int value, int digits, char separator = '\0')
    {
        for (var i = digits - 1; i >= 0; i--, value /= 10)
        {
            text[at + i] = (char)('0' + value % 10);
        }
        at += digits;
        if (separator != '\0')
        {
            text[at++] = separator;
        }
    }
}
