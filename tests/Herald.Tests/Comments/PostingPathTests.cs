using System.Net;
using Herald.Articles;
using Herald.Comments;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Comments;

// What the comment form's fast path must keep: the discussion's state, reply mail and
// webhooks follow every change, however little is looked up per comment.
public sealed class PostingPathTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_republished_article_s_comment_policy_applies_to_the_next_comment(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, "changing-policy", mode: "open");
        var discussions = site.Get<Discussions>();
        var writer = await CommentSite.SignedInAsync(site, "policy@herald.invalid", "Policy Writer", "editor");
        Assert.Equal("open", (await discussions.StateAsync(articleId, Ct))!.Mode);
        var (first, _) = await CommentSite.CommentAsync(writer, path, "Before the policy changed.");
        Assert.True(Forms.IsRedirect(first));

        // The form is fetched while the discussion is open, and sent after it closed.
        var (_, page) = await HtmlPage.GetAsync(writer, path);
        var fields = page.QuerySelectorAll("#comment-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        fields["Text"] = "After the policy changed.";
        await site.PublishAsync(Samples.Article("changing-policy") with { CommentPolicy = new CommentPolicy("closed", null) });
        Assert.False((await discussions.StateAsync(articleId, Ct))!.Open);
        var (refused, refusal) = await Forms.PostAsync(writer, $"/comments/{articleId}", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Comments are closed", refusal.Body!.TextContent, StringComparison.Ordinal);

        await site.PublishAsync(Samples.Article("changing-policy") with { CommentPolicy = new CommentPolicy("premoderated", null) });
        var state = await discussions.StateAsync(articleId, Ct);
        Assert.True(state!.Open);
        Assert.Equal("premoderated", state.Mode);
        var reader = await CommentSite.SignedInAsync(site, "trusted@example.org", "Trusted Reader");
        var (held, _) = await CommentSite.CommentAsync(reader, path, "Waits for a moderator.");
        Assert.Contains("posted=pending", held.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_reply_approved_as_it_is_posted_emails_the_reader_who_asked_and_a_comment_emails_nobody(string database)
    {
        await using var mail = new MailCatcher();
        await using var site = await CommentSite.StartAsync(database, null, [.. mail.Settings, ("Herald:RequireConfirmedEmail", "false")]);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var asker = await CommentSite.SignedInAsync(site, "asker@herald.invalid", "Asker", "editor");
        var replier = await CommentSite.SignedInAsync(site, "replier@herald.invalid", "Replier", "editor");
        var (asked, _) = await CommentSite.CommentAsync(asker, path, "Tell me when someone answers.", notify: true);
        Assert.Contains("posted=approved", asked.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var parentId = asked.Headers.Location!.OriginalString.Split("#comment-")[1];
        var (plain, _) = await CommentSite.CommentAsync(replier, path, "Not a reply, so no mail.");
        Assert.True(Forms.IsRedirect(plain));

        var (replied, _) = await Forms.SubmitAsync(replier, $"/comments/{articleId}?reply={parentId}", new Dictionary<string, string> { ["Text"] = "An answer, approved at once." });
        Assert.Contains("posted=approved", replied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await mail.WaitForAsync("asker@herald.invalid", "Replier replied to your comment");
        await Task.Delay(300, Ct);
        Assert.Single(mail.Messages, m => (m.Subject ?? "").Contains("replied", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_approved_comment_is_queued_for_every_webhook_that_takes_comment_approved_and_only_those(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var writer = await CommentSite.SignedInAsync(site, "hooks@herald.invalid", "Hook Writer", "editor");
        var webhooks = site.Get<WebhookStore>();
        var (before, _) = await CommentSite.CommentAsync(writer, path, "No endpoint takes this yet.");
        Assert.True(Forms.IsRedirect(before));
        Assert.DoesNotContain(await webhooks.DeliveriesAsync(ct: Ct), d => d.Event == WebhookEvents.CommentApproved);

        var other = await webhooks.AddAsync("https://hooks.herald.invalid/articles", [WebhookEvents.ArticlePublished], Ct);
        var taker = await webhooks.AddAsync("https://hooks.herald.invalid/comments", [WebhookEvents.CommentApproved], Ct);
        var (after, _) = await CommentSite.CommentAsync(writer, path, "Two endpoints, one of them takes comments.");
        var commentId = after.Headers.Location!.OriginalString.Split("#comment-")[1];
        var queued = (await webhooks.DeliveriesAsync(ct: Ct)).Where(d => d.Event == WebhookEvents.CommentApproved).ToList();
        var delivery = Assert.Single(queued);
        Assert.Equal(taker.Id, delivery.EndpointId);
        Assert.NotEqual(other.Id, delivery.EndpointId);
        Assert.Equal($"{WebhookEvents.CommentApproved}:{commentId}", delivery.EventId);
        Assert.Contains($"\"articleId\":{articleId}", delivery.Payload, StringComparison.Ordinal);
    }
}
