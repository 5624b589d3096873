using System.Text.Json.Nodes;
using Herald.Articles;
using Herald.Tests.Support;
using Json.Schema;

namespace Herald.Tests.Articles;

// docs/article-format.schema.json and the importer's validator must agree on the
// documents both can judge (the schema cannot check inline markup).
public sealed class FormatSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "article-format.schema.json")));

    private static bool SchemaAccepts(string json) =>
        Schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { RequireFormatValidation = true }).IsValid;

    public static TheoryData<string> ValidDocuments()
    {
        var data = new TheoryData<string> { Samples.IssueExample };
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "src", "Herald", "Demo"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(File.ReadAllText(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void Valid_documents_pass_both_the_schema_and_the_importer(string json)
    {
        Assert.True(SchemaAccepts(json), "schema rejected a valid document");
        var result = ArticleFormat.Parse(json);
        Assert.True(result.Ok, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("remove title")]
    [InlineData("remove blocks")]
    [InlineData("unknown block")]
    [InlineData("unknown field")]
    [InlineData("bad date")]
    [InlineData("bad slug")]
    [InlineData("bad url")]
    [InlineData("bad role")]
    [InlineData("bad comment mode")]
    [InlineData("quote without text")]
    [InlineData("image without alt")]
    [InlineData("empty blocks")]
    [InlineData("bad list style")]
    [InlineData("wrong format")]
    public void Invalid_documents_fail_both_the_schema_and_the_importer(string change)
    {
        var o = JsonNode.Parse(Samples.IssueExample)!.AsObject();
        var blocks = o["blocks"]!.AsArray();
        switch (change)
        {
            case "remove title": o.Remove("title"); break;
            case "remove blocks": o.Remove("blocks"); break;
            case "unknown block": blocks[0] = new JsonObject { ["type"] = "poll" }; break;
            case "unknown field": o["colour"] = "red"; break;
            case "bad date": o["published"] = "2026-03-02 09:15"; break;
            case "bad slug": o["slug"] = "Not_A_Slug"; break;
            case "bad url": blocks[1]!["src"] = "javascript:alert(1)"; break;
            case "bad role": o["authors"]![0]!["role"] = "intern"; break;
            case "bad comment mode": o["commentPolicy"]!["mode"] = "sometimes"; break;
            case "quote without text": blocks[3]!.AsObject().Remove("text"); break;
            case "image without alt": blocks[4]!.AsObject().Remove("alt"); break;
            case "empty blocks": o["blocks"] = new JsonArray(); break;
            case "bad list style": blocks[7]!["style"] = "stars"; break;
            case "wrong format": o["format"] = "herald/article@9"; break;
        }
        var json = o.ToJsonString();
        Assert.False(SchemaAccepts(json), "schema accepted an invalid document");
        Assert.False(ArticleFormat.Parse(json).Ok, "importer accepted an invalid document");
    }
}
