using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Herald.Articles;
using Herald.Comments;
using Herald.Moderation;
using Herald.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Tests.Browser;

// The discussion as readers and moderators use it in Chromium: register, comment, moderate
// with the keyboard, reply, recommend, report, and watch new comments arrive live.
public sealed class CommentFlowTests(Chromium chromium) : IClassFixture<Chromium>
{
    // Forms may be sent as fast as the test fills them in.
    private static readonly (string Key, string? Value)[] QuickForms = [("Herald:Comments:MinSecondsToSubmit", "0")];

    private static readonly AxeRunOptions OnlyViolations = new() { ResultTypes = [ResultType.Violations] };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_registers_comments_and_a_moderator_approves_with_the_keyboard_then_others_reply_recommend_and_report()
    {
        await using var site = LiveSite.Start(settings: QuickForms);
        var story = await site.PublishAsync(Samples.Article("tram-vote", title: "Council votes on the tram") with { CommentPolicy = new CommentPolicy("premoderated", null) });
        var closed = await site.PublishAsync(Samples.Article("closed-story", title: "A story without comments") with { CommentPolicy = new CommentPolicy("closed", null) });
        const string text = "The eastern route is the better choice.\n\nIt serves twice as many people.";

        // A reader follows the discussion's invitation, registers and comes back to the story.
        await using var ada = await ReaderSession.OpenAsync(chromium.Browser, site);
        var page = ada.Page;
        await page.GotoAsync(story.Path);
        await page.Locator("#comments").GetByRole(AriaRole.Link, new() { Name = "create an account" }).ClickAsync();
        await page.GetByLabel("E-mail address").FillAsync("ada@example.org");
        await page.GetByLabel("Display name (shown with your comments)").FillAsync("Ada Lovelace");
        await page.GetByLabel("Password (at least 10 characters)").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == story.Path);

        var form = page.Locator("#comment-form");
        await Expect(form.GetByRole(AriaRole.Heading, new() { Name = "Leave a comment" })).ToBeVisibleAsync();
        await Expect(form).ToContainTextAsync("Comments appear after a moderator has approved them.");
        AssertNoViolations(await page.RunAxe(OnlyViolations), $"the article page with the comment form ({story.Path})");

        await page.GetByLabel("Your comment").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish comment" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("posted=pending", StringComparison.Ordinal));
        var mine = page.Locator(".comment-list > .comment");
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine.Locator(".comment-state")).ToHaveTextAsync("Waiting for a moderator: only you can see this comment for now.");
        Assert.Equal(["The eastern route is the better choice.", "It serves twice as many people."], await mine.Locator(".comment-body p").AllInnerTextsAsync());
        await Expect(page.Locator("[data-comment-count]")).ToHaveTextAsync("0");

        await using var anonymous = await ReaderSession.OpenAsync(chromium.Browser, site);
        await anonymous.Page.GotoAsync(story.Path);
        await Expect(anonymous.Page.Locator(".comment")).ToHaveCountAsync(0);

        // A moderator signs in and approves it with one key: the first comment has the focus.
        await TestAccounts.CreateAsync(site.Services, "mo@herald.invalid", "Mo Derator", "moderator");
        await using var moderator = await ReaderSession.OpenAsync(chromium.Browser, site);
        var desk = moderator.Page;
        await SignInAsync(desk, "mo@herald.invalid", "/desk/moderation");
        var item = desk.Locator(".queue-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToContainTextAsync("Ada Lovelace");
        await Expect(item.Locator(".comment-body")).ToContainTextAsync("The eastern route is the better choice.");
        await Expect(item).ToBeFocusedAsync();
        AssertNoViolations(await desk.RunAxe(OnlyViolations), "the moderation queue (/desk/moderation)");
        await desk.Keyboard.PressAsync("a");
        await Expect(desk.Locator("p[role=status]")).ToHaveTextAsync("Nothing in this queue.");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "Waiting (0)" })).ToBeVisibleAsync();

        // Everyone sees it now, with the count.
        await anonymous.Page.ReloadAsync();
        var approved = anonymous.Page.Locator(".comment-list > .comment");
        await Expect(approved).ToHaveCountAsync(1);
        await Expect(anonymous.Page.Locator("[data-comment-count]")).ToHaveTextAsync("1");
        await Expect(approved.Locator(".comment-author")).ToHaveTextAsync("Ada Lovelace");
        Assert.Equal(["The eastern route is the better choice.", "It serves twice as many people."], await approved.Locator(".comment-body p").AllInnerTextsAsync());
        await Expect(approved.Locator(".comment-recommendations")).ToHaveTextAsync("0 recommendations");
        await Expect(anonymous.Page.Locator("#comment-form")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(page.Locator(".comment-state")).ToHaveCountAsync(0);

        // A second reader replies through the reply page, recommends and reports.
        await TestAccounts.CreateAsync(site.Services, "bo@example.org", "Bo Second");
        await using var bo = await ReaderSession.OpenAsync(chromium.Browser, site);
        var second = bo.Page;
        await SignInAsync(second, "bo@example.org", story.Path);
        var adas = second.Locator(".comment-list > .comment").First;
        await adas.GetByRole(AriaRole.Link, new() { Name = "Reply" }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Reply to a comment", Level = 1 })).ToBeVisibleAsync();
        await Expect(second.Locator(".comment-quoted")).ToContainTextAsync("Ada Lovelace wrote:");
        await Expect(second.Locator(".comment-quoted")).ToContainTextAsync("It serves twice as many people.");
        await second.GetByLabel("Your comment").FillAsync("But the western route is cheaper.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Publish comment" }).ClickAsync();
        await second.WaitForURLAsync(url => new Uri(url).AbsolutePath == story.Path && url.Contains("posted=pending", StringComparison.Ordinal));
        var reply = second.Locator(".comment-list > .comment .comment-replies > .comment");
        await Expect(reply.Locator(".comment-body")).ToHaveTextAsync("But the western route is cheaper.");
        await Expect(reply.Locator(".comment-state")).ToContainTextAsync("Waiting for a moderator");

        await adas.GetByRole(AriaRole.Button, new() { Name = "Recommend" }).ClickAsync();
        await Expect(adas.Locator(".comment-recommendations").First).ToHaveTextAsync("1 recommendation");
        await Expect(adas.GetByRole(AriaRole.Button, new() { Name = "Recommended" })).ToBeDisabledAsync();

        await adas.GetByRole(AriaRole.Link, new() { Name = "Report" }).First.ClickAsync();
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Report a comment" })).ToBeVisibleAsync();
        await second.GetByLabel("What is wrong with it?").FillAsync("It repeats a false figure.");
        await second.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await second.WaitForURLAsync(url => new Uri(url).AbsolutePath == story.Path);

        await desk.GotoAsync("/desk/moderation?queue=reported");
        await Expect(desk.Locator(".queue-item")).ToHaveCountAsync(1);
        await Expect(desk.Locator(".queue-item")).ToContainTextAsync("1 reports");
        await desk.GotoAsync("/desk/moderation");
        await Expect(desk.Locator(".queue-item .comment-body")).ToHaveTextAsync("But the western route is cheaper.");

        // A closed discussion has no form, only the reason.
        await page.GotoAsync(closed.Path);
        await Expect(page.Locator("#comment-form")).ToHaveCountAsync(0);
        await Expect(page.Locator(".discussion-closed")).ToHaveTextAsync("Comments are closed for this story.");

        foreach (var session in new[] { ada, anonymous, moderator, bo })
        {
            session.AssertNoErrors();
        }
    }

    [Fact]
    public async Task A_comment_approved_while_the_page_is_open_appears_without_reload_with_the_new_count()
    {
        await using var site = LiveSite.Start(settings: QuickForms);
        var story = await site.PublishAsync(Samples.Article("live-debate", title: "A live debate") with { CommentPolicy = new CommentPolicy("open", null) });
        var moderatorId = (await TestAccounts.CreateAsync(site.Services, "mo@herald.invalid", "Mo Derator", "moderator")).Id;
        var first = await PostAsync(site, story.ArticleId, "early@example.org", "Early Bird", "The first comment, there before the page opened.");
        await site.Get<ModerationActions>().DecideAsync([first], Decisions.Approve, null, moderatorId, Ct);

        await using var anonymous = await ReaderSession.OpenAsync(chromium.Browser, site);
        var page = anonymous.Page;
        // The stream is subscribed once its response has arrived; from then on approvals are sent.
        var stream = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(story.Path),
            r => r.Url.EndsWith($"/comments/{story.ArticleId}/live", StringComparison.Ordinal));
        Assert.Equal(200, stream.Status);
        await Expect(page.Locator("[data-comment-count]")).ToHaveTextAsync("1");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var second = await PostAsync(site, story.ArticleId, "late@example.org", "Late Comer", "Arrived while you were reading.");
        await site.Get<ModerationActions>().DecideAsync([second], Decisions.Approve, null, moderatorId, Ct);

        var arrived = page.Locator($"#comment-{second}");
        await Expect(arrived).ToBeVisibleAsync();
        await Expect(page.Locator("[data-comment-count]")).ToHaveTextAsync("2");
        await Expect(arrived.Locator(".comment-author")).ToHaveTextAsync("Late Comer");
        await Expect(arrived.Locator(".comment-body")).ToHaveTextAsync("Arrived while you were reading.");
        await Expect(page.Locator(".comment-list > .comment").First).ToHaveIdAsync($"comment-{second}");
        await Expect(page.Locator(".live-status")).ToHaveTextAsync("New comment from Late Comer.");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        anonymous.AssertNoErrors();
    }

    private static async Task<long> PostAsync(LiveSite site, long articleId, string email, string name, string text)
    {
        var author = await TestAccounts.CreateAsync(site.Services, email, name);
        var outcome = await site.Get<CommentPosting>().PostAsync(new Commenter(author.Id, name, IsStaff: false),
            new CommentDraft(articleId, null, text, site.Get<FormTokens>().Issue(), null, "127.0.0.1", false), Ct);
        return Assert.IsType<PostOutcome.Accepted>(outcome).CommentId;
    }

    private static async Task SignInAsync(IPage page, string email, string returnTo)
    {
        await page.GotoAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnTo));
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnTo);
    }

    private static void AssertNoViolations(AxeResult result, string where) =>
        Assert.True(result.Violations.Length == 0,
            $"axe found {result.Violations.Length} violations on {where}:\n" +
            string.Join('\n', result.Violations.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}\n" +
                string.Join('\n', v.Nodes.Select(n => $"    {n.Target}: {n.Html}\n      " +
                    string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message)))))));
}
