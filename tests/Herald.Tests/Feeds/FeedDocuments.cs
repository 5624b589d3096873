using System.ServiceModel.Syndication;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Json.Schema;

namespace Herald.Tests.Feeds;

// Fetching feeds and sitemaps, and judging them: RSS and Atom by a real parser
// (System.ServiceModel.Syndication), JSON Feed and sitemaps by the schemas in Schemas/.
public static class FeedDocuments
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string SchemaDir = Path.Combine(AppContext.BaseDirectory, "Feeds", "Schemas");

    public static readonly JsonSchema JsonFeedSchema = JsonSchema.FromFile(Path.Combine(SchemaDir, "jsonfeed-1.1.schema.json"));

    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    public static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";

    public static async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return (response, await response.Content.ReadAsStringAsync(Ct));
    }

    public static async Task<string> GetOkAsync(HttpClient client, string path, string mediaType)
    {
        var (response, body) = await GetAsync(client, path);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType!.CharSet);
        return body;
    }

    public static async Task<SyndicationFeed> RssAsync(HttpClient client, string path)
    {
        var xml = await GetOkAsync(client, path, "application/rss+xml");
        var formatter = new Rss20FeedFormatter();
        using var reader = XmlReader.Create(new StringReader(xml));
        Assert.True(formatter.CanRead(reader), $"{path} is not RSS 2.0");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }

    public static async Task<SyndicationFeed> AtomAsync(HttpClient client, string path)
    {
        var xml = await GetOkAsync(client, path, "application/atom+xml");
        var formatter = new Atom10FeedFormatter();
        using var reader = XmlReader.Create(new StringReader(xml));
        Assert.True(formatter.CanRead(reader), $"{path} is not Atom 1.0");
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }

    // The feed, after checking it against the JSON Feed 1.1 schema.
    public static async Task<JsonObject> JsonFeedAsync(HttpClient client, string path)
    {
        var json = await GetOkAsync(client, path, "application/feed+json");
        var node = JsonNode.Parse(json)!;
        var result = JsonFeedSchema.Evaluate(node, new EvaluationOptions { RequireFormatValidation = true, OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, $"{path} breaks the JSON Feed 1.1 schema:\n" + string.Join("\n",
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        return node.AsObject();
    }

    // The sitemap or sitemap index, after checking it against Schemas/sitemap.xsd and
    // Schemas/news-sitemap.xsd. Warnings count too: an element no schema knows is one.
    public static async Task<XDocument> SitemapAsync(HttpClient client, string path)
    {
        var xml = await GetOkAsync(client, path, "application/xml");
        var problems = Validate(xml);
        Assert.True(problems.Count == 0, $"{path} breaks the sitemap schemas:\n" + string.Join("\n", problems));
        return XDocument.Parse(xml);
    }

    public static List<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        foreach (var file in new[] { "sitemap.xsd", "news-sitemap.xsd" })
        {
            using var schemaReader = XmlReader.Create(Path.Combine(SchemaDir, file));
            schemas.Add(null, schemaReader);
        }
        schemas.Compile();
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }
        return problems;
    }

    // A site-relative path from an absolute URL the site wrote about itself.
    public static string PathOf(string url)
    {
        var uri = new Uri(url);
        Assert.Equal("localhost", uri.Host);
        return uri.PathAndQuery;
    }

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
