using Herald.Moderation;
using Herald.Tests.Support;

namespace Herald.Tests.Comments;

public sealed class ReplyMailTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_reader_who_asked_is_emailed_when_a_reply_is_approved(string database)
    {
        await using var mail = new MailCatcher();
        await using var site = await CommentSite.StartAsync(database, null, [.. mail.Settings, ("Herald:RequireConfirmedEmail", "false"), ("Herald:BaseUrl", "https://news.herald.invalid")]);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "premoderated");
        var asker = await CommentSite.SignedInAsync(site, "asker@example.org", "Asker");
        var quiet = await CommentSite.SignedInAsync(site, "quiet@example.org", "Quiet");
        var replier = await CommentSite.SignedInAsync(site, "replier@example.org", "Replier");
        await CommentSite.CommentAsync(asker, path, "Tell me when someone answers.", notify: true);
        await CommentSite.CommentAsync(quiet, path, "Do not e-mail me about replies.");
        var moderator = (await TestAccounts.CreateAsync(site.Services, "mod@herald.invalid", "Mod", "moderator")).Id;
        await CommentSite.ApprovePendingAsync(site, moderator, articleId);

        var (_, page) = await HtmlPage.GetAsync(replier, path);
        foreach (var parent in page.QuerySelectorAll(".comment"))
        {
            await Forms.SubmitAsync(replier, $"/comments/{articleId}?reply={parent.Id!["comment-".Length..]}", new Dictionary<string, string> { ["Text"] = $"A reply to {parent.QuerySelector(".comment-author")!.TextContent}." });
        }
        Assert.DoesNotContain(mail.Messages, m => (m.Subject ?? "").Contains("replied", StringComparison.Ordinal));
        await CommentSite.ApprovePendingAsync(site, moderator, articleId);

        var message = await mail.WaitForAsync("asker@example.org", "Replier replied to your comment");
        Assert.Contains($"https://news.herald.invalid{path}#comment-", message.TextBody, StringComparison.Ordinal);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.DoesNotContain(mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == "quiet@example.org"));
    }
}

public sealed class DiscussionModeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Site_section_and_article_modes_apply_in_that_order_of_strength(string database)
    {
        await using var site = await CommentSite.StartAsync(database, null, ("Herald:Comments:DefaultMode", "open"));
        var plain = await site.PublishAsync(Samples.Article("no-policy", section: "sport"));
        var own = await site.PublishAsync(Samples.Article("own-policy", section: "sport") with { CommentPolicy = new Herald.Articles.CommentPolicy("premoderated", null) });
        var discussions = site.Get<Herald.Comments.Discussions>();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal("open", (await discussions.StateAsync(plain.ArticleId, ct))!.Mode);

        var moderator = await CommentSite.SignedInAsync(site, "sections@herald.invalid", "Section Mod", "moderator");
        var (set, _) = await Forms.SubmitAsync(moderator, "/desk/moderation", new Dictionary<string, string> { ["Section"] = "sport", ["Mode"] = "closed" }, "form[action*='handler=SectionMode']");
        Assert.True(Forms.IsRedirect(set));
        Assert.False((await discussions.StateAsync(plain.ArticleId, ct))!.Open);
        Assert.Equal("premoderated", (await discussions.StateAsync(own.ArticleId, ct))!.Mode);

        var (switched, _) = await Forms.SubmitAsync(moderator, $"/desk/moderation?article={plain.ArticleId}", new Dictionary<string, string> { ["Mode"] = "open" }, "form[action*='handler=Mode']");
        Assert.True(Forms.IsRedirect(switched));
        Assert.True((await discussions.StateAsync(plain.ArticleId, ct))!.Open);
    }
}
