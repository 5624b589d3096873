using System.Text.Json;

namespace Herald.Articles;

internal static class BlockFormat
{
    public static Block? Read(JsonElement item, string path, List<FormatError> errors)
    {
        if (JsonFields.Object(item, path, errors) is not { } f)
        {
            return null;
        }
        var type = f.String("type", required: true);
        if (type is null)
        {
            return null;
        }
        var before = errors.Count;
        Block? block = type switch
        {
            "paragraph" => f.Inline("text", true, 10000) is { } text ? new ParagraphBlock(text) : null,
            "subheading" => f.String("text", required: true, max: 200) is { } text ? new SubheadingBlock(text) : null,
            "quote" => Quote(f),
            "image" => ArticleFormat.ReadImage(f, "an image block") is { } image ? new ImageBlock(image) : null,
            "gallery" => Gallery(f, errors),
            "video" => Video(f),
            "audio" => Audio(f),
            "box" => Box(f),
            "list" => List(f),
            "related" => Related(f),
            "embed" => Embed(f),
            _ => Unknown(f, type),
        };
        if (type is not ("image" or "gallery") && Block.Types.Contains(type))
        {
            f.RejectUnknown($"a {type} block");
        }
        return errors.Count == before ? block : null;
    }

    private static Block? Unknown(JsonFields f, string type)
    {
        f.Error("type", $"unknown block type \"{type}\" (expected {string.Join(", ", Block.Types)})");
        return null;
    }

    private static QuoteBlock? Quote(JsonFields f)
    {
        var text = f.String("text", required: true, max: 2000);
        var speaker = f.String("speaker", max: 100);
        var role = f.String("role", max: 100);
        return text is null ? null : new QuoteBlock(text, speaker, role);
    }

    private static GalleryBlock? Gallery(JsonFields f, List<FormatError> errors)
    {
        var images = new List<ImageRef>();
        foreach (var (item, itemPath) in f.Array("images", true, 1, 50) ?? [])
        {
            if (JsonFields.Object(item, itemPath, errors) is { } i && ArticleFormat.ReadImage(i, "a gallery image") is { } image)
            {
                images.Add(image);
            }
        }
        var caption = f.String("caption", max: 500);
        f.RejectUnknown("a gallery block");
        return images.Count == 0 ? null : new GalleryBlock(images, caption);
    }

    private static VideoBlock? Video(JsonFields f)
    {
        var src = f.MediaUrl("src", required: true);
        var block = new VideoBlock
        {
            Src = src ?? "",
            Poster = f.MediaUrl("poster"),
            Captions = f.MediaUrl("captions"),
            CaptionsLanguage = f.String("captionsLanguage", check: s => ArticleFormat.Language().IsMatch(s) ? null : $"\"{s}\" is not a language code"),
            Caption = f.String("caption", max: 500),
            Credit = f.String("credit", max: 200),
            Programme = f.String("programme", max: 100),
            AirTime = f.Date("airTime"),
            Correspondent = f.String("correspondent", max: 100),
            DurationSeconds = f.Int("durationSeconds", 0, 1_000_000),
        };
        return src is null ? null : block;
    }

    private static AudioBlock? Audio(JsonFields f)
    {
        var src = f.MediaUrl("src", required: true);
        var caption = f.String("caption", max: 500);
        var credit = f.String("credit", max: 200);
        var duration = f.Int("durationSeconds", 0, 1_000_000);
        return src is null ? null : new AudioBlock(src, caption, credit, duration);
    }

    private static BoxBlock? Box(JsonFields f)
    {
        var title = f.String("title", required: true, max: 200);
        var text = f.Inline("text", true, 5000);
        LinkRef? link = null;
        if (f.Object("link") is { } l)
        {
            var url = l.MediaUrl("url", required: true);
            var linkText = l.String("text", required: true, max: 200);
            l.RejectUnknown("a box link");
            link = url is null || linkText is null ? null : new LinkRef(url, linkText);
        }
        var image = f.Object("image") is { } i ? ArticleFormat.ReadImage(i, "a box image") : null;
        return title is null || text is null ? null : new BoxBlock(title, text, link, image);
    }

    private static ListBlock? List(JsonFields f)
    {
        var style = f.OneOf("style", ["bulleted", "numbered"], required: true);
        var items = new List<string>();
        var array = f.Array("items", true, 1, 100);
        if (array is null)
        {
            return null;
        }
        var ok = true;
        foreach (var (item, itemPath) in array)
        {
            // Items carry the same inline markup as paragraphs; reuse the field checks on a one-field wrapper.
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (text is null || text.Trim().Length == 0)
            {
                f.Error(itemPath[(itemPath.LastIndexOf('.') + 1)..], "must be a non-empty string");
                ok = false;
                continue;
            }
            try
            {
                InlineHtml.Parse(text);
                items.Add(text);
            }
            catch (InlineHtml.InvalidMarkupException e)
            {
                f.Error(itemPath[(itemPath.LastIndexOf('.') + 1)..], e.Message);
                ok = false;
            }
        }
        return style is null || !ok ? null : new ListBlock(style == "numbered", items);
    }

    private static RelatedBlock? Related(JsonFields f)
    {
        var items = f.Array("slugs", true, 1, 10);
        if (items is null)
        {
            return null;
        }
        var slugs = new List<string>();
        foreach (var (item, itemPath) in items)
        {
            var s = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (!Slugs.IsValid(s))
            {
                f.Error(itemPath[(itemPath.LastIndexOf('.') + 1)..], $"{item.GetRawText()} is not a slug");
                continue;
            }
            slugs.Add(s!);
        }
        return slugs.Count == items.Count ? new RelatedBlock(slugs) : null;
    }

    private static EmbedBlock? Embed(JsonFields f)
    {
        var url = f.WebUrl("url", required: true);
        var title = f.String("title", max: 200);
        return url is null ? null : new EmbedBlock(url, title);
    }
}
