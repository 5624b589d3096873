using System.Globalization;

namespace Herald.Desk;

// Times on the desk are shown in the site's zone, as the newsroom reads its clock.
public static class DeskTime
{
    public static string Format(long unixMs, TimeZoneInfo zone) => Format(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), zone);

    public static string Format(DateTimeOffset t, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + Abbreviation(zone);

    private static string Abbreviation(TimeZoneInfo zone) => zone.Id;
}
