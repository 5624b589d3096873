using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Herald.Articles;
using Herald.Desk;
using Herald.Tests.Support;

namespace Herald.Tests.Desk;

public sealed class DeskApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient Client(TestSite site, string token)
    {
        var client = site.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static StringContent Json(ArticleDocument doc) => new(ArticleJson.Write(doc), Encoding.UTF8, "application/json");

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_token_creates_saves_publishes_and_unpublishes_an_article_in_the_exchange_format(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var (_, token) = await site.Get<ApiTokens>().CreateAsync("newswire", "editor", "test");
        var api = Client(site, token);

        var doc = Samples.Article("wire-story") with { Draft = true, Published = null };
        var created = await api.PostAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Json(doc), Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var read = await api.GetAsync(new Uri(location, UriKind.Relative), Ct);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(ArticleJson.Write(doc), await read.Content.ReadAsStringAsync(Ct));

        using var stale = new HttpRequestMessage(HttpMethod.Put, new Uri(location, UriKind.Relative)) { Content = Json(doc with { Title = "Changed" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.SendAsync(stale, Ct)).StatusCode);
        using var save = new HttpRequestMessage(HttpMethod.Put, new Uri(location, UriKind.Relative)) { Content = Json(doc with { Title = "Wire story, updated" }) };
        save.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(save, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync(new Uri(location + "/publish", UriKind.Relative), null, Ct)).StatusCode);
        var (page, html) = await HtmlPage.GetAsync(site.Client(), "/world/wire-story");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Wire story, updated", html.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync(new Uri(location + "/unpublish", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await site.Client().GetAsync(new Uri("/world/wire-story", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync(new Uri(location + "/unpublish", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal("token “newswire”", (await site.Get<AuditLog>().PageAsync(1)).Entries[0].UserName);
    }

    [Fact]
    public async Task An_invalid_document_gets_problem_details_with_the_import_messages()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var (_, token) = await site.Get<ApiTokens>().CreateAsync("bot", "contributor", "test");
        var body = ArticleJson.Write(Samples.Article("broken")).Replace("\"type\":\"paragraph\"", "\"type\":\"hologram\"", StringComparison.Ordinal);
        var response = await Client(site, token).PostAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var expected = ArticleFormat.Parse(body).Errors.Single();
        Assert.Equal(expected.ToString(), problem.RootElement.GetProperty("detail").GetString());
        var error = problem.RootElement.GetProperty("errors")[0];
        Assert.Equal((expected.Path, expected.Message), (error.GetProperty("path").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_revoked_or_unknown_token_and_a_signed_in_cookie_are_refused()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var tokens = site.Get<ApiTokens>();
        var (id, token) = await tokens.CreateAsync("temporary", "editor", "test");
        Assert.Equal(HttpStatusCode.OK, (await Client(site, token).GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
        await tokens.RevokeAsync(id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(site, token).GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(site, "hrld_nonsense").GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
        var editor = await DeskClient.SignInAsync(site, "editor");
        Assert.Equal(HttpStatusCode.Unauthorized, (await editor.Http.GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_creates_a_token_on_the_desk_sees_it_once_and_revokes_it()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var admin = await DeskClient.SignInAsync(site, "admin");
        var (created, page) = await Forms.SubmitAsync(admin.Http, "/desk/tokens", new Dictionary<string, string> { ["Name"] = "Newswire", ["Role"] = "contributor" }, "form[action*=Create]");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var token = page.QuerySelector("#new-token")!.GetAttribute("value")!;
        Assert.StartsWith(ApiTokens.Prefix, token, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client(site, token).GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
        var (_, again) = await HtmlPage.GetAsync(admin.Http, "/desk/tokens");
        Assert.Null(again.QuerySelector("#new-token"));
        Assert.DoesNotContain(token, again.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var (revoked, _) = await Forms.SubmitAsync(admin.Http, "/desk/tokens", new Dictionary<string, string>(), "form[action*=Revoke]");
        Assert.True(Forms.IsRedirect(revoked));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(site, token).GetAsync(new Uri("/api/v1/desk/articles", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_admin_api()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        using var openApi = JsonDocument.Parse(await site.Client().GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative), Ct));
        var paths = openApi.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/desk/articles", "/api/v1/desk/articles/{id}", "/api/v1/desk/articles/{id}/publish", "/api/v1/desk/articles/{id}/unpublish" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
        Assert.True(paths.GetProperty("/api/v1/desk/articles/{id}").TryGetProperty("put", out _));
    }
}
