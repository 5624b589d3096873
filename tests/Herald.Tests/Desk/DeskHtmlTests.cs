using Herald.Desk;
using Herald.Tests.Browser;
using Herald.Tests.Support;

namespace Herald.Tests.Desk;

public sealed class DeskHtmlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_desk_page_passes_the_W3C_HTML_checker()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var owner = await DeskClient.SignInAsync(site, "owner");
        var id = await WorkflowPathTests.DraftAsync(owner, "Checked article");
        var (_, withBlocks) = await owner.EditAsync($"/desk/articles/{id}", "add:video");
        await owner.EditAsync($"/desk/articles/{id}", "save", new Dictionary<string, string>
        {
            ["Form.Blocks[1].F[src]"] = "https://video.example.org/a.mp4", ["Form.Blocks[1].F[caption]"] = "A video",
        }, withBlocks);
        await site.Get<AuditLog>().RecordAsync(new System.Security.Claims.ClaimsPrincipal(), "published", "article 1");
        var (_, invalid) = await owner.EditAsync("/desk/articles/new", "save", new Dictionary<string, string> { ["Form.Title"] = "" });

        var documents = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
        {
            ["the editor with errors"] = ("html", invalid.DocumentElement.OuterHtml is var html ? "<!DOCTYPE html>" + html : ""),
        };
        foreach (var path in new[] { "/desk", "/desk/articles/new", $"/desk/articles/{id}", $"/desk/articles/{id}/revisions", $"/desk/articles/{id}/preview",
                     "/desk/users", "/desk/audit", "/desk/media", "/desk/tokens" })
        {
            documents[path] = ("html", await owner.Http.GetStringAsync(new Uri(path, UriKind.Relative), Ct));
        }
        var messages = await NuHtmlChecker.CheckAsync(documents, Ct);
        var errors = messages.SelectMany(m => m.Value.Where(x => x.IsError).Select(x => $"{m.Key}: {x}")).ToList();
        Assert.True(errors.Count == 0, string.Join('\n', errors));
    }
}
