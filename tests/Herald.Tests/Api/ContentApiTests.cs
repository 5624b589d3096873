using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Herald.Articles;
using Herald.Tests.Support;

namespace Herald.Tests.Api;

public sealed class ContentApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(HttpResponseMessage Response, JsonElement Json)> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private static DateTimeOffset Day(int day) => new(2026, 3, day, 9, 0, 0, TimeSpan.FromHours(1));

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_by_id_or_slug_is_the_exchange_format_plus_url_and_html(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var outcome = await site.PublishAsync(Samples.Example());
        var client = site.Client();

        var (response, byId) = await GetJsonAsync(client, $"/api/v1/articles/{outcome.ArticleId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("herald/article@1", byId.GetProperty("format").GetString());
        Assert.Equal("council-approves-tram-line", byId.GetProperty("slug").GetString());
        Assert.Equal("http://localhost/politics/council-approves-tram-line", byId.GetProperty("url").GetString());
        Assert.Equal("2026-03-02T11:40:00+01:00", byId.GetProperty("updated").GetString());
        Assert.Contains("<figure class=\"video\">", byId.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Equal(11, byId.GetProperty("blocks").GetArrayLength());
        Assert.NotNull(response.Headers.ETag);

        var (_, bySlug) = await GetJsonAsync(client, "/api/v1/articles/slug/council-approves-tram-line");
        Assert.Equal(byId.GetRawText(), bySlug.GetRawText());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{outcome.ArticleId}");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional, Ct)).StatusCode);

        var (missing, problem) = await GetJsonAsync(client, "/api/v1/articles/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal("No published article has that id or slug.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Lists_page_with_a_cursor_and_filter_by_section_tag_author_and_date(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        for (var i = 1; i <= 5; i++)
        {
            await site.PublishAsync(Samples.Article($"story-{i}", section: i % 2 == 0 ? "politics" : "world", published: Day(i), tags: i == 3 ? ["Rail"] : ["Other"]));
        }
        await site.PublishAsync(Samples.Article("hidden") with { Draft = true });
        var client = site.Client();

        var (_, first) = await GetJsonAsync(client, "/api/v1/articles?limit=2");
        Assert.Equal(["story-5", "story-4"], first.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        var next = first.GetProperty("next").GetString()!;
        var (_, second) = await GetJsonAsync(client, next);
        Assert.Equal(["story-3", "story-2"], second.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        var (_, third) = await GetJsonAsync(client, second.GetProperty("next").GetString()!);
        Assert.Equal(["story-1"], third.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next").ValueKind);

        Assert.Equal(3, (await GetJsonAsync(client, "/api/v1/articles?section=world")).Json.GetProperty("items").GetArrayLength());
        Assert.Equal("story-3", (await GetJsonAsync(client, "/api/v1/articles?tag=rail")).Json.GetProperty("items")[0].GetProperty("slug").GetString());
        Assert.Equal(5, (await GetJsonAsync(client, "/api/v1/articles?author=ana-ruiz")).Json.GetProperty("items").GetArrayLength());
        var (_, dated) = await GetJsonAsync(client, "/api/v1/articles?since=2026-03-02T00:00:00%2B01:00&until=2026-03-04T00:00:00%2B01:00");
        Assert.Equal(["story-3", "story-2"], dated.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));

        // A tag or author filter walks that list's own index; the cursor continues it there.
        var (_, tagged) = await GetJsonAsync(client, "/api/v1/articles?tag=other&limit=3");
        Assert.Equal(["story-5", "story-4", "story-2"], tagged.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        var (_, taggedNext) = await GetJsonAsync(client, tagged.GetProperty("next").GetString()!);
        Assert.Equal(["story-1"], taggedNext.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        var (_, byAuthor) = await GetJsonAsync(client, "/api/v1/articles?author=ana-ruiz&section=politics&until=2026-03-04T12:00:00%2B01:00");
        Assert.Equal(["story-4", "story-2"], byAuthor.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        var (_, combined) = await GetJsonAsync(client, "/api/v1/articles?tag=other&author=ana-ruiz&section=world&since=2026-03-01T12:00:00%2B01:00");
        Assert.Equal(["story-5"], combined.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Equal(0, (await GetJsonAsync(client, "/api/v1/articles?tag=rail&author=nobody")).Json.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Field_selection_keeps_only_the_named_fields(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("picked"));
        var (_, json) = await GetJsonAsync(site.Client(), "/api/v1/articles?fields=title,lead");
        var item = json.GetProperty("items")[0];
        Assert.Equal(["title", "lead", "id", "url"], item.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/api/v1/articles?limit=0", "limit must be between 1 and 100.")]
    [InlineData("/api/v1/articles?limit=1000", "limit must be between 1 and 100.")]
    [InlineData("/api/v1/articles?cursor=garbage", "cursor is not one this API handed out; start again without it.")]
    [InlineData("/api/v1/articles?since=yesterday", "since and until must be date-times with an offset, such as 2026-03-02T09:15:00+01:00.")]
    [InlineData("/api/v1/articles?section=Not%20A%20Slug", "section must be a slug such as \"city-council\".")]
    public async Task Bad_parameters_get_problem_details(string path, string detail)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var (response, json) = await GetJsonAsync(site.Client(), path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(detail, json.GetProperty("detail").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_update_or_unpublish_is_seen_by_the_api_at_once(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var outcome = await site.PublishAsync(Samples.Article("live", title: "One"));
        var client = site.Client();
        Assert.Equal("One", (await GetJsonAsync(client, $"/api/v1/articles/{outcome.ArticleId}")).Json.GetProperty("title").GetString());
        await site.PublishAsync(Samples.Article("live", title: "Two"));
        Assert.Equal("Two", (await GetJsonAsync(client, $"/api/v1/articles/{outcome.ArticleId}")).Json.GetProperty("title").GetString());
        await site.Get<Publisher>().UnpublishAsync("live", Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await GetJsonAsync(client, $"/api/v1/articles/{outcome.ArticleId}")).Response.StatusCode);
        Assert.Equal(0, (await GetJsonAsync(client, "/api/v1/articles")).Json.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Ninjs_carries_the_wire_fields(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var outcome = await site.PublishAsync(Samples.Example());
        var (_, ninjs) = await GetJsonAsync(site.Client(), $"/api/v1/articles/{outcome.ArticleId}/ninjs");
        Assert.Equal("http://localhost/politics/council-approves-tram-line", ninjs.GetProperty("uri").GetString());
        Assert.Equal("text", ninjs.GetProperty("type").GetString());
        Assert.Equal("2.1", ninjs.GetProperty("standard").GetProperty("version").GetString());
        Assert.Equal("Council approves the new tram line", ninjs.GetProperty("headlines")[0].GetProperty("value").GetString());
        Assert.Equal("2026-03-02T08:15:00Z", ninjs.GetProperty("firstcreated").GetString());
        Assert.Equal("2026-03-02T10:40:00Z", ninjs.GetProperty("versioncreated").GetString());
        Assert.Equal("text/html", ninjs.GetProperty("bodies")[0].GetProperty("contenttype").GetString());
        Assert.Equal("Ana Ruiz", ninjs.GetProperty("by").GetString());
        Assert.Equal("https://media.example.org/map.png", ninjs.GetProperty("associations")[0].GetProperty("uri").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_content_endpoints()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var (response, doc) = await GetJsonAsync(site.Client(), "/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("3.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/articles", paths);
        Assert.Contains("/api/v1/articles/{id}", paths);
        Assert.Contains("/api/v1/articles/slug/{slug}", paths);
        Assert.Contains("/api/v1/search", paths);
    }

    [Fact]
    public async Task A_sunset_version_announces_deprecation_and_sunset_headers()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite, null, ("Herald:ApiV1Sunset", "2027-06-30T00:00:00Z"));
        var response = await site.Client().GetAsync(new Uri("/api/v1/articles", UriKind.Relative), Ct);
        Assert.Equal("Wed, 30 Jun 2027 00:00:00 GMT", response.Headers.GetValues("Sunset").Single());
        Assert.StartsWith("@", response.Headers.GetValues("Deprecation").Single(), StringComparison.Ordinal);

        await using var current = await TestSite.StartAsync(TestDatabases.Sqlite);
        Assert.False((await current.Client().GetAsync(new Uri("/api/v1/articles", UriKind.Relative), Ct)).Headers.Contains("Sunset"));
        _ = new MediaTypeHeaderValue("application/json");
    }
}
