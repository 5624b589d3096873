using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Herald.Data;
using Herald.Exchange;
using Herald.Tests.Support;

namespace Herald.Tests.Exchange;

public sealed class ImportExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ImportSummary Summary, string Output, string Errors)> ImportAsync(TestSite site, string fileName, string content)
    {
        var file = Path.Combine(site.DataDir, fileName);
        await File.WriteAllTextAsync(file, content, Ct);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var summary = await site.Get<Importer>().ImportFileAsync(file, output, errors, Ct);
        return (summary, output.ToString(), errors.ToString());
    }

    private static async Task<long> CountAsync(TestSite site, string table)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private static string Line(Action<JsonObject>? change = null, string? slug = null)
    {
        var node = JsonNode.Parse(Samples.IssueExample)!.AsObject();
        if (slug is not null)
        {
            node["slug"] = slug;
        }
        change?.Invoke(node);
        return node.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Importing_the_issue_example_publishes_it_and_prints_its_path(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var (summary, output, errors) = await ImportAsync(site, "example.json", Samples.IssueExample);
        Assert.Equal(new ImportSummary(1, 0), summary);
        Assert.Equal("/politics/council-approves-tram-line\n", output.ReplaceLineEndings("\n"));
        Assert.Equal("", errors);
        Assert.Equal(HttpStatusCode.OK, (await site.Client().GetAsync(new Uri("/politics/council-approves-tram-line", UriKind.Relative), Ct)).StatusCode);
    }

    public static TheoryData<string, string, string> InvalidArticles => new()
    {
        // name, change to the example (as a JSON Lines line 2), expected error text
        { "unknown block type", """{"blocks/4": {"type": "tweet"}}""", "news.jsonl:2: bad-one: blocks[4].type: unknown block type \"tweet\"" },
        { "missing title", """{"title": null}""", "news.jsonl:2: bad-one: title: is required" },
        { "bad date", """{"published": "2nd of March"}""", "news.jsonl:2: bad-one: published: \"2nd of March\" is not a date-time with an offset" },
        { "disallowed element", """{"blocks/0": {"type": "paragraph", "text": "<script>x</script>"}}""", "news.jsonl:2: bad-one: blocks[0].text: <script> is not allowed" },
        { "disallowed url scheme", """{"blocks/0": {"type": "paragraph", "text": "<a href=\"javascript:x\">y</a>"}}""", "news.jsonl:2: bad-one: blocks[0].text: link \"javascript:x\" is not an http, https or mailto URL" },
        { "unknown field", """{"subtitle": "x"}""", "news.jsonl:2: bad-one: subtitle: is not a field of an article" },
        { "wrong type", """{"breaking": "yes"}""", "news.jsonl:2: bad-one: breaking: must be true or false, not a string" },
    };

    [Theory]
    [MemberData(nameof(InvalidArticles))]
    public async Task Each_kind_of_invalid_article_is_refused_precisely_and_writes_nothing(string kind, string change, string expected)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var edit = JsonNode.Parse(change)!.AsObject().Single();
        var bad = Line(o =>
        {
            if (edit.Key.StartsWith("blocks/", StringComparison.Ordinal))
            {
                o["blocks"]!.AsArray()[int.Parse(edit.Key[7..], System.Globalization.CultureInfo.InvariantCulture)] = edit.Value!.DeepClone();
            }
            else if (edit.Value is null)
            {
                o.Remove(edit.Key);
            }
            else
            {
                o[edit.Key] = edit.Value.DeepClone();
            }
        }, slug: "bad-one");
        var good = Line(slug: "good-one");
        var revisionsBefore = await CountAsync(site, "article_revisions");

        var (summary, output, errors) = await ImportAsync(site, "news.jsonl", $"{good}\n{bad}\n{Line(slug: "good-two")}\n");

        Assert.Equal(new ImportSummary(2, 1), summary);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.Equal(["/politics/good-one", "/politics/good-two"], output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(2, await CountAsync(site, "articles"));
        Assert.Equal(revisionsBefore + 2, await CountAsync(site, "article_revisions"));
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client().GetAsync(new Uri("/politics/bad-one", UriKind.Relative), Ct)).StatusCode);
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Importing_an_existing_slug_adds_a_revision_and_moves_the_status_stamp(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await ImportAsync(site, "v1.json", Samples.IssueExample);
        var v2 = Line(o =>
        {
            o["title"] = "Council approves the tram line after all";
            o["updated"] = "2026-03-02T16:05:00+01:00";
        });
        var (summary, _, _) = await ImportAsync(site, "v2.json", v2);
        Assert.Equal(new ImportSummary(1, 0), summary);
        Assert.Equal(2, await CountAsync(site, "article_revisions"));
        Assert.Equal(1, await CountAsync(site, "articles"));
        var (_, page) = await HtmlPage.GetAsync(site.Client(), "/politics/council-approves-tram-line");
        Assert.Equal("Council approves the tram line after all", page.QuerySelector("h1 .title")!.TextContent);
        Assert.StartsWith("Status: 03/02/2026 4:05 p.m.", page.QuerySelector(".status")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Export_then_import_into_an_empty_site_reproduces_every_article(string database)
    {
        await using var source = await TestSite.StartAsync(database, null, ("Herald:Demo", "true"));
        await ImportAsync(source, "example.json", Samples.IssueExample);
        await ImportAsync(source, "more.jsonl", string.Join('\n',
            Line(o => o["state"] = "draft", slug: "a-draft"),
            Line(o => { o["published"] = "2099-01-01T08:00:00+01:00"; o.Remove("updated"); }, slug: "in-the-future"),
            Line(o => o["previousSlugs"] = new JsonArray("renamed-from"), slug: "renamed-to")));
        using var exported = new StringWriter();
        Assert.Equal(10, await source.Get<Exporter>().ExportAsync(exported, Ct));

        await using var target = await TestSite.StartAsync(database);
        var (summary, _, errors) = await ImportAsync(target, "export.jsonl", exported.ToString());
        Assert.Equal("", errors);
        Assert.Equal(new ImportSummary(10, 0), summary);
        using var again = new StringWriter();
        await target.Get<Exporter>().ExportAsync(again, Ct);

        Assert.Equal(exported.ToString(), again.ToString());
        foreach (var path in new[] { "/politics/council-approves-tram-line", "/world/aldmark-serevia-talks-end-without-breakthrough", "/politics/renamed-to" })
        {
            var a = await source.Client().GetStringAsync(new Uri(path, UriKind.Relative), Ct);
            var b = await target.Client().GetStringAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(a, b);
        }
        Assert.Equal(HttpStatusCode.MovedPermanently, (await target.Client().GetAsync(new Uri("/politics/renamed-from", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await target.Client().GetAsync(new Uri("/politics/in-the-future", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await target.Client().GetAsync(new Uri("/politics/a-draft", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public void A_file_is_one_object_or_json_lines()
    {
        Assert.Equal([(null, "{\"a\": 1}")], ImportFile.Split("\n  {\"a\": 1}\n"));
        Assert.Equal([(null, "{\n \"a\": 1\n}")], ImportFile.Split("{\n \"a\": 1\n}"));
        Assert.Equal([(1, "{\"a\": 1}"), (3, "{\"b\": 2}")], ImportFile.Split("{\"a\": 1}\n\n{\"b\": 2}\n"));
        Assert.Empty(ImportFile.Split("  \n"));
    }
}
