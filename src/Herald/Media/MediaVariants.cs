using System.Globalization;
using System.Text.RegularExpressions;

namespace Herald.Media;

// The responsive sizes of an uploaded image. An upload of width W is stored as W.<ext> and
// as each standard width below W, so from its address alone (/media/<folder>/<W>.<ext>)
// the renderer knows every variant: no lookup, the renderer stays pure.
public static partial class MediaVariants
{
    public static readonly IReadOnlyList<int> StandardWidths = [480, 960, 1440, 1920];

    public const string Sizes = "(max-width: 48rem) 100vw, 48rem";

    public static IReadOnlyList<int> WidthsFor(int width) => [.. StandardWidths.Where(w => w < width), width];

    public static string? SrcSet(string src)
    {
        var m = Variant().Match(src);
        if (!m.Success)
        {
            return null;
        }
        var width = int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture);
        var widths = WidthsFor(width);
        return widths.Count < 2 ? null : string.Join(", ", widths.Select(w => $"/media/{m.Groups["folder"].Value}/{w}.{m.Groups["ext"].Value} {w}w"));
    }

    [GeneratedRegex(@"^/media/(?<folder>[a-z0-9]{8,40})/(?<w>[1-9][0-9]{0,4})\.(?<ext>jpg|png|webp)$", RegexOptions.CultureInvariant)]
    private static partial Regex Variant();
}
