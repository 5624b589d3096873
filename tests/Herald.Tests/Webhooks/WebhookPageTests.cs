using System.Net;
using Herald.Tests.Comments;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Webhooks;

public sealed class WebhookPageTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_registers_an_endpoint_and_reads_the_delivery_log(string database)
    {
        await using var receiver = await Receiver.StartAsync(200);
        await using var site = await TestSite.StartAsync(database);
        var admin = await CommentSite.SignedInAsync(site, "admin@herald.invalid", "Ad Min", "admin");

        var (bad, badPage) = await Forms.SubmitAsync(admin, "/desk/webhooks", new Dictionary<string, string> { ["Url"] = "ftp://nope", ["Events"] = "article.published" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("\"ftp://nope\" is not an http or https URL.", badPage.QuerySelector(".form-problem")!.TextContent);
        Assert.Equal("ftp://nope", badPage.QuerySelector("#hook-url")!.GetAttribute("value"));

        var (added, addedPage) = await Forms.SubmitAsync(admin, "/desk/webhooks", new Dictionary<string, string> { ["Url"] = receiver.Url, ["Events"] = "article.published" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Matches("[0-9a-f]{64}", addedPage.QuerySelector("[role=status] code")!.TextContent);

        await site.PublishAsync(Samples.Article("announced"));
        // The site's own background loop may have claimed the delivery first, in which case
        // this run finds nothing due and the row reads "pending" until that send completes.
        AngleSharp.Dom.IElement row;
        for (var attempt = 0; ; attempt++)
        {
            await site.Get<WebhookDispatcher>().RunDueAsync(TestContext.Current.CancellationToken);
            var (_, log) = await HtmlPage.GetAsync(admin, "/desk/webhooks");
            row = log.QuerySelectorAll("table.log")[1].QuerySelector("tbody tr")!;
            if (!row.TextContent.Contains("pending", StringComparison.Ordinal) || attempt == 100)
            {
                break;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.Contains("article.published", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("delivered", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("200", row.TextContent, StringComparison.Ordinal);

        var reader = await CommentSite.SignedInAsync(site, "nosy@example.org", "Nosy");
        var denied = await reader.GetAsync(new Uri("/desk/webhooks", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.True(denied.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect or HttpStatusCode.Found);
    }
}
