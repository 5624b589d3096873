using System.Globalization;
using System.Text.Json.Nodes;
using Herald.Articles;

namespace Herald.Desk;

// Block form fields to herald/article@1 JSON and back. Values are written as typed (a
// number that is not one stays a string) so the format's own validation says what is wrong.
public static class BlockForms
{
    public static BlockForm Empty(string type) => new() { Type = type, F = type == "list" ? new() { ["style"] = "bulleted" } : new() };

    public static JsonObject ToJson(BlockForm b, TimeZoneInfo zone)
    {
        var o = new JsonObject { ["type"] = b.Type };
        if (!BlockFields.ByType.TryGetValue(b.Type, out var fields))
        {
            return o;
        }
        foreach (var field in fields)
        {
            var value = b.Get(field.Key);
            var (parent, name) = field.Key.Split('.') is [var p, var n] ? (p, n) : ((string?)null, field.Key);
            var target = o;
            if (parent is not null)
            {
                // A nested object (a box's link or image) is written when any of its fields is filled.
                if (!fields.Where(f => f.Key.StartsWith(parent + ".", StringComparison.Ordinal)).Any(f => b.Get(f.Key).Trim().Length > 0))
                {
                    continue;
                }
                target = o[parent] as JsonObject ?? (JsonObject)(o[parent] = new JsonObject());
                target[name] = value.Trim();
                continue;
            }
            if (value.Trim().Length == 0 && !field.Required)
            {
                continue;
            }
            target[name] = field.Kind switch
            {
                FieldKind.Number => Number(value),
                FieldKind.DateTime => Date(value, zone),
                FieldKind.Lines when b.Type == "gallery" => new JsonArray(Lines(value).Select(l => (JsonNode?)GalleryImage(l)).ToArray()),
                FieldKind.Lines => new JsonArray(Lines(value).Select(l => (JsonNode?)l).ToArray()),
                _ => value.Trim(),
            };
        }
        return o;
    }

    public static BlockForm From(Block block, TimeZoneInfo zone)
    {
        var f = new Dictionary<string, string?>(StringComparer.Ordinal);
        string type;
        switch (block)
        {
            case ParagraphBlock p: type = "paragraph"; f["text"] = p.Text; break;
            case SubheadingBlock s: type = "subheading"; f["text"] = s.Text; break;
            case QuoteBlock q: type = "quote"; f["text"] = q.Text; f["speaker"] = q.Speaker; f["role"] = q.Role; break;
            case ImageBlock i: type = "image"; Image(f, i.Image); break;
            case GalleryBlock g:
                type = "gallery";
                f["images"] = string.Join('\n', g.Images.Select(i => string.Join(" | ", i.Src, i.Alt, i.Caption ?? "", i.Credit ?? "").TrimEnd(' ', '|')));
                f["caption"] = g.Caption;
                break;
            case VideoBlock v:
                type = "video";
                f["src"] = v.Src; f["poster"] = v.Poster; f["captions"] = v.Captions; f["captionsLanguage"] = v.CaptionsLanguage;
                f["caption"] = v.Caption; f["credit"] = v.Credit; f["programme"] = v.Programme; f["correspondent"] = v.Correspondent;
                f["airTime"] = v.AirTime is { } at ? ToLocal(at, zone) : null;
                f["durationSeconds"] = v.DurationSeconds?.ToString(CultureInfo.InvariantCulture);
                break;
            case AudioBlock a:
                type = "audio"; f["src"] = a.Src; f["caption"] = a.Caption; f["credit"] = a.Credit;
                f["durationSeconds"] = a.DurationSeconds?.ToString(CultureInfo.InvariantCulture);
                break;
            case BoxBlock x:
                type = "box"; f["title"] = x.Title; f["text"] = x.Text;
                f["link.url"] = x.Link?.Url; f["link.text"] = x.Link?.Text; f["image.src"] = x.Image?.Src; f["image.alt"] = x.Image?.Alt;
                break;
            case ListBlock l: type = "list"; f["style"] = l.Numbered ? "numbered" : "bulleted"; f["items"] = string.Join('\n', l.Items); break;
            case RelatedBlock r: type = "related"; f["slugs"] = string.Join('\n', r.Slugs); break;
            case EmbedBlock e: type = "embed"; f["url"] = e.Url; f["title"] = e.Title; break;
            default: throw new InvalidOperationException($"no editor form for {block.GetType().Name}");
        }
        return new BlockForm { Type = type, F = f };
    }

    private static void Image(Dictionary<string, string?> f, ImageRef i)
    {
        f["src"] = i.Src; f["alt"] = i.Alt; f["caption"] = i.Caption; f["credit"] = i.Credit;
        f["width"] = i.Width?.ToString(CultureInfo.InvariantCulture); f["height"] = i.Height?.ToString(CultureInfo.InvariantCulture);
    }

    private static JsonObject GalleryImage(string line)
    {
        var parts = line.Split('|', StringSplitOptions.TrimEntries);
        var image = new JsonObject { ["src"] = parts[0], ["alt"] = parts.Length > 1 ? parts[1] : "" };
        if (parts.Length > 2 && parts[2].Length > 0)
        {
            image["caption"] = parts[2];
        }
        if (parts.Length > 3 && parts[3].Length > 0)
        {
            image["credit"] = parts[3];
        }
        return image;
    }

    public static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static JsonValue Number(string value) =>
        int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : JsonValue.Create(value.Trim());

    // A datetime-local value is wall-clock time in the site's zone.
    public static DateTimeOffset? ParseLocal(string? value, TimeZoneInfo zone) =>
        DateTime.TryParseExact((value ?? "").Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, zone.GetUtcOffset(local))
            : null;

    public static string ToLocal(DateTimeOffset t, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static JsonValue Date(string value, TimeZoneInfo zone) =>
        ParseLocal(value, zone) is { } t ? JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)) : JsonValue.Create(value.Trim());
}
