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
        ["desk/media"] = ("/desk/media", Writers),
        ["desk/audit"] = ("/desk/audit", Admins),
        ["desk/webhooks"] = ("/desk/webhooks", Admins),
        ["desk/moderation"] = ("/desk/moderation", Moderators),
        ["desk/moderation/readers/{id:long}"] = ("/desk/moderation/readers/{reader}", Moderators),
    };

    private static bool IsDeskRoute(string pattern) =>
        pattern.TrimStart('/') is var p && (p == "desk" || p.StartsWith("desk/", StringComparison.Ordinal) || p.StartsWith("api/v1/desk", StringComparison.Ordinal));

    [Fact]
    public async Task Every_desk_endpoint_answers_each_role_and_anonymous_as_the_matrix_says()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var routes = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/')).Where(IsDeskRoute).Distinct().ToList();
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

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            var (path, allowed) = Matrix[route];
            path = path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{reader}", readerAccount.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            foreach (var role in Everyone)
            {
                var response = await clients[role].GetAsync(new Uri(path, UriKind.Relative), Ct);
                var ok = response.StatusCode == HttpStatusCode.OK;
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
        foreach (var path in new[] { "/desk/articles/new", $"/desk/articles/{id}", $"/desk/articles/{id}/revisions", "/desk/users", "/desk/media" })
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
        Assert.True(checkedForms >= 7, $"only {checkedForms} forms were found");
        Assert.Equal(2, (await site.Get<Herald.Desk.DeskStore>().ArticleAsync(id))!.Revision);
    }
}
