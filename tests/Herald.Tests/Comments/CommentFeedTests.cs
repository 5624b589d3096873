using System.ServiceModel.Syndication;
using System.Xml;
using Herald.Tests.Support;

namespace Herald.Tests.Comments;

public sealed class CommentFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_has_an_atom_feed_of_its_approved_comments(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var staff = await CommentSite.SignedInAsync(site, "feed@herald.invalid", "Feed Writer", "editor");
        await CommentSite.CommentAsync(staff, path, "First comment with a link https://example.org/a");
        await CommentSite.CommentAsync(staff, path, "Second comment & more");

        var (_, page) = await HtmlPage.GetAsync(site.Client(), path);
        var href = page.QuerySelector("link[rel=alternate][type='application/atom+xml'][title^='Comments on']")!.GetAttribute("href")!;
        Assert.Equal($"/feeds/comments/{articleId}.xml", href);

        await using var stream = await site.Client().GetStreamAsync(new Uri(href, UriKind.Relative), Ct);
        using var reader = XmlReader.Create(stream);
        var feed = SyndicationFeed.Load(reader);
        Assert.Equal($"Comments on A test headline", feed.Title.Text);
        Assert.Equal(2, feed.Items.Count());
        var newest = feed.Items.First();
        Assert.Equal("Comment by Feed Writer", newest.Title.Text);
        Assert.Contains("Second comment &amp; more", ((TextSyndicationContent)newest.Content).Text, StringComparison.Ordinal);
        Assert.EndsWith($"{path}#comment-", newest.Id[..newest.Id.LastIndexOf('-')] + "-", StringComparison.Ordinal);
    }
}
