using System.Net;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Desk;

public sealed class AccessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Everyone = ["anonymous", "reader", "moderator", "contributor", "editor", "admin", "owner"];
    private static readonly string[] Staff = ["moderator", "contributor", "editor", "admin", "owner"];
    private static readonly string[] Writers = ["contributor", "editor", "admin", "owner"];
    private static readonly string[] Editors = ["editor", "admin", "owner"];
    private static readonly string[] Admins = ["admin", "owner"];
    private static readonly string[] Moderators = ["moderator", "editor", "admin", "owner"];

    // Every desk and admin API route, the path the test requests for it and who may open it.
    // {id} is an article created by an editor, so a contributor (not its author) is refused.
    private static readonly Dictionary<string, (string Path, string[] Allowed)> Matrix = new(StringComparer.Ordinal)
    {
        ["desk"] = ("/desk", Staff),
        ["desk/articles/new"] = ("/desk/articles/new", Writers),
        ["desk/articles/{id:long}"] = ("/desk/articles/{id}", Editors),
        ["desk/articles/{id:long}/revisions"] = ("/desk/articles/{id}/revisions", Editors),
        ["desk/articles/{id:long}/preview"] = ("/desk/articles/{id}/preview", Editors),
        ["desk/users"] = ("/desk/users", Admins),
        ["desk/audit"] = ("/desk/audit", Admins),
        ["desk/webhooks"] = ("/desk/webhooks", Admins),
        ["desk/moderation"] = ("/desk/moderation", Moderators),
        ["desk/moderation/readers/{id:long}"] = ("/desk/moderation/readers/{reader}", Moderators),
        ["desk/media"] = ("/desk/media", Writers),
        ["desk/tokens"] = ("/desk/tokens", Admins),
        // The admin API, with a bearer token of each role (cookies do not count there).
        ["GET api/v1/desk/articles"] = ("/api/v1/desk/articles", Writers),
        ["POST api/v1/desk/articles"] = ("/api/v1/desk/articles", Writers),
        ["GET api/v1/desk/articles/{id:long}"] = ("/api/v1/desk/articles/{id}", Editors),
        ["PUT api/v1/desk/articles/{id:long}"] = ("/api/v1/desk/articles/{id}", Editors),
        ["POST api/v1/desk/articles/{id:long}/publish"] = ("/api/v1/desk/articles/{id}/publish", Editors),
        ["POST api/v1/desk/articles/{id:long}/unpublish"] = ("/api/v1/desk/articles/{id}/unpublish", Editors),
    };

    private static bool IsDeskRoute(string pattern) =>
        pattern.TrimStart('/') is var p && (p == "desk" || p.StartsWith("desk/", StringComparison.Ordinal) || p.StartsWith("api/v1/desk", StringComparison.Ordinal));

    [Fact]
    public async Task Every_desk_endpoint_answers_each_role_and_anonymous_as_the_matrix_says()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var routes = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => IsDeskRoute(e.RoutePattern.RawText!))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods
                ? methods.HttpMethods.Select(m => $"{m} {e.RoutePattern.RawText!.TrimStart('/')}")
                : [e.RoutePattern.RawText!.TrimStart('/')])
            .Distinct().ToList();
        Assert.NotEmpty(routes);
        var missing = routes.Where(r => !Matrix.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "desk endpoints without an entry in the access matrix: " + string.Join(", ", missing));

        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = site.Client() };
        var reader = site.Client();
        var readerAccount = await TestAccounts.CreateAsync(site.Services, "reader@herald.invalid", "Reader");
        await Forms.SubmitAsync(reader, "/account/login", new Dictionary<string, string> { ["Email"] = "reader@herald.invalid", ["Password"] = TestAccounts.Password });
        clients["reader"] = reader;
        foreach (var role in Staff)
        {
            clients[role] = (await DeskClient.SignInAsync(site, role)).Http;
        }
        var id = await WorkflowPathTests.DraftAsync(new DeskClient(clients["editor"]), "Matrix article");
        var document = (await site.Get<Herald.Desk.DeskStore>().ArticleAsync(id))!.Document;
        var tokens = new Dictionary<string, string>();
        foreach (var role in Staff)
        {
            tokens[role] = (await site.Get<Herald.Desk.ApiTokens>().CreateAsync("matrix " + role, role, "test")).Token;
        }

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var (path, allowed) = Matrix[route];
            var method = route.Contains(' ', StringComparison.Ordinal) ? route[..route.IndexOf(' ', StringComparison.Ordinal)] : "GET";
            var api = route.Contains(" api/", StringComparison.Ordinal);
            path = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{reader}", readerAccount.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            foreach (var role in Everyone)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (api && tokens.TryGetValue(role, out var token))
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }
                if (method is "POST" or "PUT" && !path.EndsWith("publish", StringComparison.Ordinal))
                {
                    // A fresh slug for each creation; the article's own document for a save.
                    request.Content = new StringContent(method == "POST" ? document.Replace("matrix-article", $"matrix-{role}", StringComparison.Ordinal) : document,
                        System.Text.Encoding.UTF8, "application/json");
                }
                var response = await clients[role].SendAsync(request, Ct);
                // An API call that is let in may still be refused for the article's state (409): that is not a denial.
                var ok = api ? response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)response.StatusCode < 500
                    : response.StatusCode == HttpStatusCode.OK;
                var denied = DeskClient.IsDenied(response)
                    || (Forms.IsRedirect(response) && response.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal))
                    || response.StatusCode is HttpStatusCode.Unauthorized;
                var expected = allowed.Contains(role);
                if (expected ? !ok : !denied)
                {
                    wrong.Add($"{path} as {role}: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_state_changing_desk_form_rejects_a_missing_or_foreign_anti_forgery_token()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var owner = await DeskClient.SignInAsync(site, "owner");
        var other = await DeskClient.SignInAsync(site, "owner");
        await DeskClient.SignInAsync(site, "editor");
        var id = await WorkflowPathTests.DraftAsync(owner, "Forms article");
        await owner.EditAsync($"/desk/articles/{id}", "save", new Dictionary<string, string> { ["Form.Title"] = "Forms article, second revision" });
        var (_, foreignPage) = await HtmlPage.GetAsync(other.Http, "/desk/articles/new");
        var foreign = foreignPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var checkedForms = 0;
        foreach (var path in new[] { "/desk/articles/new", $"/desk/articles/{id}", $"/desk/articles/{id}/revisions", "/desk/users", "/desk/media", "/desk/tokens" })
        {
            var (_, page) = await HtmlPage.GetAsync(owner.Http, path);
            foreach (var form in page.QuerySelectorAll("form").Where(f => string.Equals(f.GetAttribute("method"), "post", StringComparison.OrdinalIgnoreCase)))
            {
                var target = form.GetAttribute("action") is { Length: > 0 } action ? action : path;
                var fields = DeskClient.Fields(form);
                Assert.True(fields.ContainsKey("__RequestVerificationToken"), $"a form on {path} has no anti-forgery token");
                fields.Remove("__RequestVerificationToken");
                fields["command"] = "save";
                var (missing, _) = await Forms.PostAsync(owner.Http, target, fields);
                Assert.True(missing.StatusCode == HttpStatusCode.BadRequest, $"{target} without a token: {(int)missing.StatusCode}");
                fields["__RequestVerificationToken"] = foreign;
                var (stolen, _) = await Forms.PostAsync(owner.Http, target, fields);
                Assert.True(stolen.StatusCode == HttpStatusCode.BadRequest, $"{target} with another session's token: {(int)stolen.StatusCode}");
                checkedForms++;
            }
        }
        Assert.True(checkedForms >= 8, $"only {checkedForms} forms were found");
        Assert.Equal(2, (await site.Get<Herald.Desk.DeskStore>().ArticleAsync(id))!.Revision);
    }
}
