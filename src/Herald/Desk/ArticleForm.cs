using System.Globalization;
using System.Text.Json.Nodes;
using Herald.Articles;

namespace Herald.Desk;

public sealed class BlockForm
{
    public string Type { get; set; } = "paragraph";

    // Field values by BlockField.Key; binds from "Blocks[i].F[key]".
    public Dictionary<string, string?> F { get; set; } = new(StringComparer.Ordinal);

    public string Get(string key) => F.TryGetValue(key, out var v) ? v ?? "" : "";
}

// What the editor posts: every field as typed, so a failed validation gives it all back.
// ToJson builds the herald/article@1 document that ArticleFormat.Parse then judges.
public sealed class ArticleForm
{
    public int? BaseRevision { get; set; }
    public string? Slug { get; set; }
    public string Language { get; set; } = "en";
    public string? TranslationGroup { get; set; }
    public string? Section { get; set; }
    public string? SectionName { get; set; }
    public string? Topline { get; set; }
    public string? Title { get; set; }
    public string? Lead { get; set; }
    public bool Breaking { get; set; }
    public string? Tags { get; set; }
    public string? Authors { get; set; }
    public string? TeaserSrc { get; set; }
    public string? TeaserAlt { get; set; }
    public string? TeaserCaption { get; set; }
    public string? TeaserCredit { get; set; }
    public string CommentMode { get; set; } = "premoderated";
    public string? ClosesAfterHours { get; set; }
    public List<BlockForm> Blocks { get; set; } = [];
    public string? Note { get; set; }

    public static ArticleForm From(ArticleDocument d, int revision, TimeZoneInfo zone) => new()
    {
        BaseRevision = revision,
        Slug = d.Slug,
        Language = d.Language,
        TranslationGroup = d.TranslationGroup,
        Section = d.Section,
        SectionName = d.SectionName,
        Topline = d.Topline,
        Title = d.Title,
        Lead = d.Lead,
        Breaking = d.Breaking,
        Tags = string.Join(", ", d.Tags),
        Authors = string.Join('\n', d.Authors.Select(a => string.Join(" | ", new[] { a.Name, a.Role, a.Location }.Where(s => s is not null)))),
        TeaserSrc = d.TeaserImage?.Src,
        TeaserAlt = d.TeaserImage?.Alt,
        TeaserCaption = d.TeaserImage?.Caption,
        TeaserCredit = d.TeaserImage?.Credit,
        CommentMode = d.CommentPolicy?.Mode ?? "premoderated",
        ClosesAfterHours = d.CommentPolicy?.ClosesAfterHours?.ToString(CultureInfo.InvariantCulture),
        Blocks = d.Blocks.Select(b => BlockForms.From(b, zone)).ToList(),
    };

    // basis: the revision the form was based on; its dates, corrections and former slugs are
    // the workflow's to change, not the editor's, so they are carried over unchanged.
    public JsonObject ToJson(ArticleDocument? basis, TimeZoneInfo zone)
    {
        var o = new JsonObject { ["format"] = ArticleDocument.FormatName };
        var slug = string.IsNullOrWhiteSpace(Slug) ? Slugs.From(Title ?? "") : Slug.Trim();
        o["slug"] = slug;
        if (basis is { PreviousSlugs.Count: > 0 })
        {
            o["previousSlugs"] = new JsonArray(basis.PreviousSlugs.Select(s => (JsonNode?)s).ToArray());
        }
        o["language"] = Language.Trim();
        Put(o, "translationGroup", TranslationGroup);
        o["section"] = (Section ?? "").Trim();
        Put(o, "sectionName", SectionName);
        Put(o, "topline", Topline);
        o["title"] = (Title ?? "").Trim();
        o["lead"] = (Lead ?? "").Trim();
        if (basis is null || basis.Draft)
        {
            o["state"] = "draft";
        }
        if (basis?.Published is { } published)
        {
            o["published"] = published.ToString("O", CultureInfo.InvariantCulture);
        }
        if (basis?.Updated is { } updated)
        {
            o["updated"] = updated.ToString("O", CultureInfo.InvariantCulture);
        }
        if (Breaking)
        {
            o["breaking"] = true;
        }
        var authors = new JsonArray();
        foreach (var line in BlockForms.Lines(Authors))
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            var author = new JsonObject { ["name"] = parts[0], ["role"] = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "author" };
            if (parts.Length > 2 && parts[2].Length > 0)
            {
                author["location"] = parts[2];
            }
            authors.Add(author);
        }
        if (authors.Count > 0)
        {
            o["authors"] = authors;
        }
        var tags = (Tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags.Length > 0)
        {
            o["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        }
        if (!string.IsNullOrWhiteSpace(TeaserSrc) || !string.IsNullOrWhiteSpace(TeaserAlt))
        {
            var teaser = new JsonObject { ["src"] = (TeaserSrc ?? "").Trim(), ["alt"] = (TeaserAlt ?? "").Trim() };
            Put(teaser, "caption", TeaserCaption);
            Put(teaser, "credit", TeaserCredit);
            o["teaserImage"] = teaser;
        }
        if (basis is { Corrections.Count: > 0 })
        {
            o["corrections"] = new JsonArray(basis.Corrections.Select(c => (JsonNode?)new JsonObject
            {
                ["text"] = c.Text, ["date"] = c.Date.ToString("O", CultureInfo.InvariantCulture),
            }).ToArray());
        }
        var policy = new JsonObject { ["mode"] = CommentMode };
        if (!string.IsNullOrWhiteSpace(ClosesAfterHours))
        {
            policy["closesAfterHours"] = BlockForms.Number(ClosesAfterHours);
        }
        o["commentPolicy"] = policy;
        o["blocks"] = new JsonArray(Blocks.Select(b => (JsonNode?)BlockForms.ToJson(b, zone)).ToArray());
        CarryImageDetails(o, basis);
        return o;
    }

    // The editor has no fields for the pixel size of teaser, gallery and box images (nor a
    // box image's caption and credit); an image the basis already had keeps them.
    private static void CarryImageDetails(JsonObject o, ArticleDocument? basis)
    {
        if (basis is null)
        {
            return;
        }
        var known = new Dictionary<string, ImageRef>(StringComparer.Ordinal);
        foreach (var image in new[] { basis.TeaserImage }.Concat(basis.Blocks.SelectMany(b => b switch
                 {
                     GalleryBlock g => g.Images,
                     BoxBlock { Image: { } i } => [i],
                     _ => Array.Empty<ImageRef>(),
                 })))
        {
            if (image is not null)
            {
                known.TryAdd(image.Src, image);
            }
        }
        void Fill(JsonObject? image, bool captions)
        {
            if (image?["src"]?.GetValue<string>() is not { } src || !known.TryGetValue(src, out var was))
            {
                return;
            }
            if (was.Width is { } w) { image["width"] = w; }
            if (was.Height is { } h) { image["height"] = h; }
            if (captions && was.Caption is { } c) { image["caption"] = c; }
            if (captions && was.Credit is { } cr) { image["credit"] = cr; }
        }
        Fill(o["teaserImage"] as JsonObject, false);
        foreach (var block in (o["blocks"] as JsonArray)!.OfType<JsonObject>())
        {
            Fill(block["image"] as JsonObject, block["type"]?.GetValue<string>() == "box");
            foreach (var image in (block["images"] as JsonArray ?? []).OfType<JsonObject>())
            {
                Fill(image, false);
            }
        }
    }

    private static void Put(JsonObject o, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            o[name] = value.Trim();
        }
    }
}
