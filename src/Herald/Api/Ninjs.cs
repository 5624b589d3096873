using System.Text.Json.Nodes;
using Herald.Articles;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Api;

// IPTC ninjs 2.1 (news in JSON) for wire partners: the article as a "text" item with
// its HTML body, summary, people, subjects and picture associations.
public static class Ninjs
{
    public static JsonObject Render(ApiArticleRow row, string baseUrl, HeraldOptions options)
    {
        var doc = ArticleFormat.ParseStored(row.Document, row.Id);
        var url = baseUrl + ArticlePaths.Article(row.SectionSlug, row.Slug);
        static string Time(long ms) => Times.Iso(ms);
        var item = new JsonObject
        {
            ["uri"] = url,
            ["standard"] = new JsonObject { ["name"] = "ninjs", ["version"] = "2.1", ["schema"] = "https://www.iptc.org/std/ninjs/ninjs-schema_2.1.json" },
            ["type"] = "text",
            ["representationtype"] = "complete",
            ["profile"] = "herald-article",
            ["version"] = row.UpdatedAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["firstcreated"] = Time(row.FirstPublishedAt),
            ["versioncreated"] = Time(row.UpdatedAt),
            ["pubstatus"] = "usable",
            ["language"] = doc.Language,
            ["headlines"] = new JsonArray(new JsonObject { ["role"] = "main", ["value"] = doc.Title }),
            ["descriptions"] = new JsonArray(new JsonObject { ["role"] = "summary", ["contenttype"] = "text/plain", ["value"] = doc.Lead }),
            ["bodies"] = new JsonArray(new JsonObject { ["role"] = "main", ["contenttype"] = "text/html", ["value"] = row.BodyHtml }),
            ["copyrightholder"] = options.SiteName,
            ["altids"] = new JsonArray(new JsonObject { ["role"] = "internal", ["value"] = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
        };
        if (doc.Topline is not null)
        {
            item["headlines"]!.AsArray().Add(new JsonObject { ["role"] = "kicker", ["value"] = doc.Topline });
        }
        if (doc.Authors.Count > 0)
        {
            item["by"] = string.Join(", ", doc.Authors.Select(a => a.Name));
            item["people"] = new JsonArray(doc.Authors.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["rel"] = a.Role,
                ["uri"] = baseUrl + ArticlePaths.AuthorOf(a.Name),
            }).ToArray());
        }
        item["subjects"] = new JsonArray(doc.Tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["uri"] = baseUrl + ArticlePaths.TagOf(t) })
            .Prepend(new JsonObject { ["name"] = doc.DisplaySectionName, ["rel"] = "section", ["uri"] = baseUrl + ArticlePaths.Section(row.SectionSlug) }).ToArray());
        var pictures = doc.Blocks.OfType<ImageBlock>().Select(b => b.Image).Prepend(doc.TeaserImage).OfType<ImageRef>().ToList();
        if (pictures.Count > 0)
        {
            item["associations"] = new JsonArray(pictures.Select((p, i) => (JsonNode)new JsonObject
            {
                ["name"] = $"picture{i + 1}",
                ["type"] = "picture",
                ["uri"] = ArticleMetadata.Absolute(p.Src, baseUrl),
                ["descriptions"] = new JsonArray(new JsonObject { ["role"] = "alt", ["value"] = p.Alt }),
                ["headlines"] = p.Caption is null ? null : new JsonArray(new JsonObject { ["role"] = "main", ["value"] = p.Caption }),
                ["by"] = p.Credit,
            }).ToArray());
        }
        if (doc.Corrections.Count > 0)
        {
            item["descriptions"]!.AsArray().Add(new JsonObject
            {
                ["role"] = "correction",
                ["contenttype"] = "text/plain",
                ["value"] = string.Join("\n", doc.Corrections.Select(c => c.Text)),
            });
        }
        return item;
    }
}
