using Herald.Articles;

namespace Herald.Desk;

public enum FieldKind { Text, Inline, Area, Url, Number, DateTime, Lines, Choice }

// One editable field of a block: its form key, label, kind and, where the form key is not
// the JSON property itself, how the herald/article@1 path of an error maps back to it.
public sealed record BlockField(string Key, string Label, FieldKind Kind, bool Required = false, string? Hint = null, IReadOnlyList<string>? Options = null);

// The editor form of every block type. BlockForms turns these fields into the
// herald/article@1 JSON that ArticleFormat.Parse validates, and back.
public static class BlockFields
{
    private const string InlineHint = "Bold <strong>…</strong>, italic <em>…</em> and links <a href=\"https://…\">…</a> are allowed.";
    private const string ImageLinesHint = "One image per line: address | alt text | caption | credit.";

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<BlockField>> ByType = new Dictionary<string, IReadOnlyList<BlockField>>
    {
        ["paragraph"] = [new("text", "Text", FieldKind.Inline, true, InlineHint)],
        ["subheading"] = [new("text", "Subheading", FieldKind.Text, true)],
        ["quote"] = [new("text", "Quote", FieldKind.Area, true), new("speaker", "Speaker", FieldKind.Text), new("role", "Speaker's role", FieldKind.Text)],
        ["image"] = Image("Image"),
        ["gallery"] = [new("images", "Images", FieldKind.Lines, true, ImageLinesHint), new("caption", "Gallery caption", FieldKind.Text)],
        ["video"] =
        [
            new("src", "Video address", FieldKind.Url, true), new("poster", "Poster image address", FieldKind.Url),
            new("captions", "Captions track (WebVTT) address", FieldKind.Url), new("captionsLanguage", "Captions language", FieldKind.Text, Hint: "A code such as en or de."),
            new("caption", "Caption", FieldKind.Area), new("credit", "Credit", FieldKind.Text), new("programme", "Programme", FieldKind.Text),
            new("airTime", "Air time", FieldKind.DateTime), new("correspondent", "Correspondent", FieldKind.Text),
            new("durationSeconds", "Duration in seconds", FieldKind.Number),
        ],
        ["audio"] =
        [
            new("src", "Audio address", FieldKind.Url, true), new("caption", "Caption", FieldKind.Area), new("credit", "Credit", FieldKind.Text),
            new("durationSeconds", "Duration in seconds", FieldKind.Number),
        ],
        ["box"] =
        [
            new("title", "Box title", FieldKind.Text, true), new("text", "Box text", FieldKind.Inline, true, InlineHint),
            new("link.url", "Link address", FieldKind.Url), new("link.text", "Link text", FieldKind.Text),
            new("image.src", "Image address", FieldKind.Url), new("image.alt", "Image alt text", FieldKind.Text),
        ],
        ["list"] =
        [
            new("style", "Style", FieldKind.Choice, true, Options: ["bulleted", "numbered"]),
            new("items", "Items", FieldKind.Lines, true, "One item per line. " + InlineHint),
        ],
        ["related"] = [new("slugs", "Related article slugs", FieldKind.Lines, true, "One slug per line, such as mayor-resigns.")],
        ["embed"] = [new("url", "Address (oEmbed or a known service)", FieldKind.Url, true), new("title", "Title", FieldKind.Text)],
    };

    private static IReadOnlyList<BlockField> Image(string what) =>
    [
        new("src", $"{what} address", FieldKind.Url, true, "Pick one from the media library or paste its address."),
        new("alt", "Alt text", FieldKind.Text, true, "What the image shows, for people who cannot see it."),
        new("caption", "Caption", FieldKind.Area), new("credit", "Credit", FieldKind.Text),
        new("width", "Width in pixels", FieldKind.Number), new("height", "Height in pixels", FieldKind.Number),
    ];

    public static string Label(string type) => type switch
    {
        "paragraph" => "Paragraph",
        "subheading" => "Subheading",
        "quote" => "Quote",
        "image" => "Image",
        "gallery" => "Gallery",
        "video" => "Video",
        "audio" => "Audio",
        "box" => "Info box",
        "list" => "List",
        "related" => "Related articles",
        "embed" => "Embed",
        _ => type,
    };
}
