using System.Net;
using Herald.Articles;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class RoutingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Unknown_paths_sections_tags_and_malformed_slugs_answer_a_helpful_404(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("known"));
        var client = site.Client();
        foreach (var path in new[]
                 {
                     "/nowhere", "/world/unknown-story", "/world/Bad_Slug!", "/world/a--b", "/tag/unknown", "/author/nobody",
                     "/no-such-section", "/world/known/extra", "/?page=0", "/?page=99", "/?page=two", "/world?page=-1", "/world?page=", "/tag/testing?page=abc",
                     "/world/" + new string('a', 300), "/world/known%3Cscript%3E",
                 })
        {
            var (response, page) = await HtmlPage.GetAsync(client, path);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Assert.True("Page not found" == page.QuerySelector("h1")?.TextContent, $"{path}: {page.Body?.TextContent}");
                Assert.NotNull(page.QuerySelector("main a[href='/']"));
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_renamed_slug_answers_301_to_the_new_one(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("new-name") with { PreviousSlugs = ["old-name"] });
        var response = await site.Client().GetAsync(new Uri("/world/old-name", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/world/new-name", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_under_the_wrong_section_redirects_to_its_own(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("moved", section: "politics"));
        var response = await site.Client().GetAsync(new Uri("/world/moved", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/politics/moved", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unpublished_article_answers_410_gone(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("withdrawn"));
        var client = site.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/world/withdrawn", UriKind.Relative), Ct)).StatusCode);

        Assert.True(await site.Get<Publisher>().UnpublishAsync("withdrawn", Ct));
        var (response, page) = await HtmlPage.GetAsync(client, "/world/withdrawn");
        Assert.True(HttpStatusCode.Gone == response.StatusCode, $"{response.StatusCode} {string.Join(",", response.Headers)} {page.Body?.TextContent}");
        Assert.Equal("This story has been withdrawn", page.QuerySelector("h1")!.TextContent);
        var (_, home) = await HtmlPage.GetAsync(client, "/");
        Assert.Null(home.QuerySelector("a[href='/world/withdrawn']"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_draft_is_not_public(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("secret") with { Draft = true });
        Assert.Equal(HttpStatusCode.NotFound, (await site.Client().GetAsync(new Uri("/world/secret", UriKind.Relative), Ct)).StatusCode);
    }
}
