using Herald.Articles;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Comments;

// A site with one article and helpers to act as readers and moderators over HTTP.
public static class CommentSite
{
    public static readonly (string Key, string? Value)[] QuickForms = [("Herald:Comments:MinSecondsToSubmit", "0")];

    public static async Task<TestSite> StartAsync(string database, FakeTimeProvider? clock = null, params (string Key, string? Value)[] settings) =>
        await TestSite.StartAsync(database, clock, [.. QuickForms, .. settings]);

    public static async Task<(long Id, string Path)> ArticleAsync(TestSite site, string slug = "debate", string mode = "premoderated", int? closesAfterHours = null, DateTimeOffset? published = null)
    {
        var outcome = await site.PublishAsync(Samples.Article(slug, published: published) with { CommentPolicy = new CommentPolicy(mode, closesAfterHours) });
        return (outcome.ArticleId, outcome.Path);
    }

    public static async Task<HttpClient> SignedInAsync(TestSite site, string email, string name, string? role = null)
    {
        await TestAccounts.CreateAsync(site.Services, email, name, role);
        var client = site.Client();
        var (response, _) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(response), $"sign-in of {email} failed");
        return client;
    }

    // A moderator approves every comment waiting for a decision (on one article, when given).
    public static async Task ApprovePendingAsync(TestSite site, long moderatorId, long? articleId = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var pending = await site.Get<Herald.Moderation.ModerationQueries>().QueueAsync("pending", articleId, null, ct: ct);
        await site.Get<Herald.Moderation.ModerationActions>().DecideAsync(pending.Select(i => i.Id).ToList(), Herald.Moderation.Decisions.Approve, null, moderatorId, ct);
    }

    // Posts through the form on the article page, as a browser would.
    public static Task<(HttpResponseMessage Response, AngleSharp.Dom.IDocument Page)> CommentAsync(HttpClient client, string articlePath, string text, bool notify = false) =>
        Forms.SubmitAsync(client, articlePath, new Dictionary<string, string> { ["Text"] = text, ["NotifyReplies"] = notify ? "true" : "false" }, "#comment-form");
}
