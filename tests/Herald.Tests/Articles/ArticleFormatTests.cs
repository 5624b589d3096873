using System.Text.Json.Nodes;
using Herald.Articles;
using Herald.Tests.Support;

namespace Herald.Tests.Articles;

public sealed class ArticleFormatTests
{
    private static string Mutate(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Samples.IssueExample)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    private static FormatError SingleError(string json)
    {
        var result = ArticleFormat.Parse(json);
        Assert.False(result.Ok, "the document should have been rejected");
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void The_issue_example_with_every_block_type_is_valid()
    {
        var result = ArticleFormat.Parse(Samples.IssueExample);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var doc = result.Document!;
        Assert.Equal("council-approves-tram-line", doc.Slug);
        Assert.Equal(11, doc.Blocks.Count);
        Assert.Equal(Block.Types.Order(), doc.Blocks.Select(TypeName).Distinct().Order());
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 8, 15, 0, TimeSpan.Zero), doc.Published);
        Assert.Equal("correspondent", doc.Authors[0].Role);
        Assert.Equal(48, doc.CommentPolicy!.ClosesAfterHours);
        var quote = Assert.IsType<QuoteBlock>(doc.Blocks[3]);
        Assert.Equal(("Mara Holm", "Opposition leader"), (quote.Speaker, quote.Role));
    }

    private static string TypeName(Block b) => b.GetType().Name.Replace("Block", "", StringComparison.Ordinal).ToLowerInvariant();

    [Fact]
    public void Writing_then_reading_gives_back_the_same_document()
    {
        var doc = Samples.Example();
        var json = ArticleJson.Write(doc);
        var again = ArticleFormat.Parse(json).Document!;
        Assert.Equal(json, ArticleJson.Write(again));
        Assert.Equal(doc.Title, again.Title);
        Assert.Equal(doc.Blocks.Count, again.Blocks.Count);
    }

    [Fact]
    public void An_unknown_block_type_names_the_block_and_the_allowed_types()
    {
        var error = SingleError(Mutate(o => o["blocks"]!.AsArray()[4] = new JsonObject { ["type"] = "tweet", ["url"] = "https://x.example" }));
        Assert.Equal("blocks[4].type", error.Path);
        Assert.StartsWith("unknown block type \"tweet\" (expected paragraph, subheading, quote", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_title_is_reported_as_required()
    {
        var error = SingleError(Mutate(o => o.Remove("title")));
        Assert.Equal("title: is required", error.ToString());
    }

    [Theory]
    [InlineData("2026-03-02")]
    [InlineData("2026-03-02T09:15:00")]
    [InlineData("yesterday")]
    [InlineData("2026-13-02T09:15:00+01:00")]
    public void A_bad_date_is_refused_with_the_expected_shape(string date)
    {
        var error = SingleError(Mutate(o => o["published"] = date));
        Assert.Equal("published", error.Path);
        Assert.Contains("is not a date-time with an offset such as 2026-03-02T09:15:00+01:00", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hello <script>alert(1)</script>", "<script> is not allowed; only <strong>, <em> and <a href> are")]
    [InlineData("<b>bold</b>", "<b> is not allowed; only <strong>, <em> and <a href> are")]
    [InlineData("<strong class=\"x\">a</strong>", "<strong> takes no attributes")]
    [InlineData("<a href=\"https://a.example\" onclick=\"x()\">a</a>", "<a> needs exactly one attribute, href=\"...\"")]
    [InlineData("<strong>open", "<strong> is never closed")]
    [InlineData("<em>a</strong>", "closing tag </strong> does not match the open <em>")]
    [InlineData("<img src=x onerror=alert(1)>", "<img> is not allowed; only <strong>, <em> and <a href> are")]
    public void A_disallowed_element_or_attribute_in_a_paragraph_is_named(string text, string message)
    {
        var error = SingleError(Mutate(o => o["blocks"]!.AsArray()[0]!["text"] = text));
        Assert.Equal("blocks[0].text", error.Path);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("ftp://files.example.org/a")]
    [InlineData("vbscript:x")]
    public void A_link_with_a_disallowed_scheme_is_refused(string href)
    {
        var error = SingleError(Mutate(o => o["blocks"]!.AsArray()[0]!["text"] = $"see <a href=\"{href}\">this</a>"));
        Assert.Equal("blocks[0].text", error.Path);
        Assert.Equal($"link \"{href}\" is not an http, https or mailto URL", error.Message);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/x.mp4")]
    [InlineData("media/relative.mp4")]
    public void A_media_url_must_be_http_or_a_site_path(string src)
    {
        var error = SingleError(Mutate(o => o["blocks"]!.AsArray()[1]!["src"] = src));
        Assert.Equal("blocks[1].src", error.Path);
        Assert.EndsWith("is not an http(s) URL or a path on this site", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_is_an_error_not_silently_dropped()
    {
        var error = SingleError(Mutate(o => o["blocks"]!.AsArray()[3]!["speakr"] = "typo"));
        Assert.Equal("blocks[3].speakr: is not a field of a quote block", error.ToString());
    }

    [Fact]
    public void Every_problem_in_a_document_is_reported_at_once()
    {
        var result = ArticleFormat.Parse(Mutate(o =>
        {
            o.Remove("lead");
            o["slug"] = "Not A Slug";
            o["blocks"]!.AsArray()[2]!["text"] = 42;
        }));
        Assert.Equal(["slug", "lead", "blocks[2].text"], result.Errors.Select(e => e.Path));
    }

    [Theory]
    [InlineData("""{"format": "herald/article@2"}""", "format")]
    [InlineData("""[1, 2]""", "")]
    [InlineData("""{"format": "herald/article@1", """, "")]
    public void Wrong_format_or_broken_json_is_refused(string json, string path)
    {
        var result = ArticleFormat.Parse(json);
        Assert.False(result.Ok);
        Assert.Equal(path, result.Errors[0].Path);
    }

    [Fact]
    public void Updated_before_published_is_refused()
    {
        var error = SingleError(Mutate(o => o["updated"] = "2026-03-01T09:15:00+01:00"));
        Assert.Equal("updated", error.Path);
        Assert.Contains("is before published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_draft_needs_no_published_time()
    {
        var result = ArticleFormat.Parse(Mutate(o =>
        {
            o.Remove("published");
            o.Remove("updated");
            o["state"] = "draft";
        }));
        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.True(result.Document!.Draft);
    }

    [Fact]
    public void A_reserved_section_slug_is_refused()
    {
        var error = SingleError(Mutate(o => o["section"] = "tag"));
        Assert.Equal("section", error.Path);
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_must_be_unique_by_slug()
    {
        var error = SingleError(Mutate(o => o["tags"] = new JsonArray("City council", "city-council")));
        Assert.Equal("tags: \"city-council\" appears twice", error.ToString());
    }

    [Fact]
    public void Over_long_text_names_the_limit()
    {
        var error = SingleError(Mutate(o => o["title"] = new string('x', 201)));
        Assert.Equal("title: is 201 characters long; the limit is 200", error.ToString());
    }

    [Fact]
    public void A_list_item_with_bad_markup_names_the_item()
    {
        var error = SingleError(Mutate(o => o["blocks"]!.AsArray()[7]!["items"] = new JsonArray("fine", "<u>no</u>")));
        Assert.Equal("blocks[7].items[1]", error.Path);
    }
}
