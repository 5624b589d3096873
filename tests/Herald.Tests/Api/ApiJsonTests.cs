using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Api;
using Herald.Articles;
using Herald.Hosting;
using Herald.Tests.Support;

namespace Herald.Tests.Api;

// The API copies a stored document instead of parsing, checking and writing it again. Its
// output must stay what that longer way gives: the document as ArticleJson writes it with
// the public times, no state, and id, url and html added.
public sealed class ApiJsonTests
{
    private static readonly HeraldOptions Options = new() { TimeZone = "Europe/Berlin" };

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "src", "Herald", "Demo"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }
        data.Add("example");
        data.Add("draft-without-update");
        return data;
    }

    private static ArticleDocument Load(string name) => name switch
    {
        "example" => Samples.Example(),
        // A draft's stored document carries "state" and may lack "updated"; the API shows neither as stored.
        "draft-without-update" => Samples.Article("still-a-draft") with { Draft = true, Updated = null },
        _ => ArticleFormat.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "src", "Herald", "Demo", name))).Document!,
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void A_stored_document_is_copied_as_the_format_would_write_it(string name)
    {
        var doc = Load(name);
        var row = new ApiArticleRow
        {
            Id = 42,
            Slug = doc.Slug,
            SectionSlug = doc.Section,
            FirstPublishedAt = new DateTimeOffset(2026, 3, 2, 8, 15, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            UpdatedAt = new DateTimeOffset(2026, 7, 9, 16, 40, 30, 250, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            Document = ArticleJson.Write(doc),
            BodyHtml = "<p>Body &amp; \"quotes\" </p>\n<h2>Ünïcode</h2>",
        };

        foreach (var fields in new[] { null, new HashSet<string> { "title", "updated", "html", "blocks" }, new HashSet<string> { "lead" } })
        {
            var expected = Expected(doc, row, fields);
            var actual = JsonNode.Parse(Written(row, fields))!;
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}, fields {string.Join(',', fields ?? [])}:\n{expected.ToJsonString()}\n{actual.ToJsonString()}");
            // The same order of properties too, not only the same set.
            Assert.Equal(expected.Select(p => p.Key), actual.AsObject().Select(p => p.Key));
        }
    }

    [Fact]
    public void Markup_and_non_ascii_text_are_written_unescaped()
    {
        var doc = Samples.Article("markup") with { Title = "Zoë's <b>café</b> & \"bar\"" };
        var row = new ApiArticleRow { Id = 1, Slug = doc.Slug, SectionSlug = doc.Section, Document = ArticleJson.Write(doc), BodyHtml = "<p>Zoë</p>" };
        var json = Written(row, null);
        Assert.Contains("\"title\":\"Zoë's <b>café</b> & \\\"bar\\\"\"", json, StringComparison.Ordinal);
        Assert.Contains("\"html\":\"<p>Zoë</p>\"", json, StringComparison.Ordinal);
    }

    private static string Written(ApiArticleRow row, HashSet<string>? fields)
    {
        var bytes = ApiJson.Serialize(w => ApiJson.WriteArticle(w, row, "https://news.example", Options, fields));
        return System.Text.Encoding.UTF8.GetString(bytes.Span);
    }

    // The longer way: parse and check the document, set what publishing shows, write it again.
    private static JsonObject Expected(ArticleDocument doc, ApiArticleRow row, HashSet<string>? fields)
    {
        var shown = doc with
        {
            Draft = false,
            Published = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(row.FirstPublishedAt), Options.Zone),
            Updated = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt), Options.Zone),
        };
        var json = JsonNode.Parse(ArticleJson.Write(ArticleFormat.Parse(ArticleJson.Write(shown)).Document!))!.AsObject();
        json["id"] = row.Id;
        json["url"] = $"https://news.example/{row.SectionSlug}/{row.Slug}";
        json["html"] = row.BodyHtml;
        if (fields is not null)
        {
            foreach (var key in json.Select(p => p.Key).ToList())
            {
                if (key is not ("id" or "url") && !fields.Contains(key))
                {
                    json.Remove(key);
                }
            }
        }
        return json;
    }
}
