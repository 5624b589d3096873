using System.Net;
using AngleSharp.Dom;
using Dapper;
using Herald.Comments;
using Herald.Data;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Comments;

// Every rule that acts before a moderator looks, with the exact words a refused reader
// reads. The form tests post through the article page's form, as a browser would.
public sealed class CommentRulesTests(CommentRulesTests.RuleSites sites) : IClassFixture<CommentRulesTests.RuleSites>
{
    // Text with markup characters, quotes and two paragraphs: a refused form must give it back as it was.
    internal const string Awkward = "The council's \"plan\" <b>costs</b> 5 & 6 < 7 million.\n\nSecond paragraph, with trailing spaces.   ";

    private static readonly CommentOptions TextOptions = new() { BannedWords = ["idiot", "Moron"], SuspectWords = ["lawsuit"], MaxLinks = 2 };

    public static TheoryData<string, RuleAction, string?> TextRules => new()
    {
        { "A calm and fair remark about the tram.", RuleAction.Accept, null },
        { "What an idiot decision.", RuleAction.Reject, "Your comment contains a word we do not publish (\"idiot\"). Please rephrase it." },
        { "IDIOT!!!", RuleAction.Reject, "Your comment contains a word we do not publish (\"idiot\"). Please rephrase it." },
        { "Only a moron would vote for it.", RuleAction.Reject, "Your comment contains a word we do not publish (\"Moron\"). Please rephrase it." },
        { "Idiotic is a different word.", RuleAction.Accept, null },
        { "Expect a lawsuit over this.", RuleAction.Hold, "suspect word \"lawsuit\"" },
        { "An idiot lawsuit: banned wins over suspect.", RuleAction.Reject, "Your comment contains a word we do not publish (\"idiot\"). Please rephrase it." },
        { "Two sources: https://a.example/x and http://b.example/y.", RuleAction.Accept, null },
        { "Three: https://a.example/ http://b.example/ https://c.example/", RuleAction.Hold, "3 links (more than 2)" },
        { "Four: https://a.example/ https://b.example/ https://c.example/ https://d.example/", RuleAction.Hold, "4 links (more than 2)" },
    };

    [Theory]
    [MemberData(nameof(TextRules))]
    public void Text_rules_accept_hold_or_reject_with_their_reason(string text, RuleAction action, string? reason)
    {
        var verdict = CommentRules.Check(text, TextOptions);
        Assert.Equal(action, verdict.Action);
        Assert.Equal(reason, verdict.Reason);
    }

    public static TheoryData<string, string?> LengthRules => new()
    {
        { "", "Write your comment before sending it." },
        { " \n\t \r\n ", "Write your comment before sending it." },
        { "a", "Your comment is too short: write at least 2 characters." },
        { "  a  ", "Your comment is too short: write at least 2 characters." },
        { "ok", null },
        { new string('x', 3000), null },
        { new string('x', 3001), "Your comment is 3001 characters long; the limit is 3000. Please shorten it by 1 character." },
        { new string('x', 4500), "Your comment is 4500 characters long; the limit is 3000. Please shorten it by 1500 characters." },
    };

    [Theory]
    [MemberData(nameof(LengthRules))]
    public void Length_limits_say_what_is_wrong(string text, string? problem) =>
        Assert.Equal(problem, CommentRules.LengthProblem(text, new CommentOptions()));

    [Fact]
    public void The_length_limits_are_configurable() =>
        Assert.Equal("Your comment is 21 characters long; the limit is 20. Please shorten it by 1 character.",
            CommentRules.LengthProblem("Twenty-one characters", new CommentOptions { MaxLength = 20 }));

    // What the form endpoint does with each case. The site's discussion is open and its readers
    // trusted, so a held comment can only have been held by the rule.
    private sealed record FormCase(string Text, string? Problem, string? HeldReason = null, Action<Dictionary<string, string>>? Tamper = null);

    private static readonly Dictionary<string, FormCase> FormCases = new()
    {
        ["clean text is published at once"] = new("A calm remark about the tram line.", null),
        ["banned word is refused"] = new("What an idiot decision. " + Awkward, "Your comment contains a word we do not publish (\"idiot\"). Please rephrase it."),
        ["suspect word is held"] = new("Expect a lawsuit over this.", null, "suspect word \"lawsuit\""),
        ["two links are published"] = new("See https://a.example/one and https://b.example/two.", null),
        ["three links are held"] = new("See https://a.example/ https://b.example/ https://c.example/", null, "3 links (more than 2)"),
        ["too short is refused"] = new("a", "Your comment is too short: write at least 2 characters."),
        ["blank is refused"] = new("   ", "Write your comment before sending it."),
        ["too long is refused"] = new(Awkward + new string('y', 3001 - Awkward.Length),
            "Your comment is 3001 characters long; the limit is 3000. Please shorten it by 1 character."),
        ["the longest allowed text is published"] = new(Awkward + new string('y', 3000 - Awkward.Length), null),
        ["filled honeypot is refused"] = new(Awkward, "Your comment could not be accepted. If you are a person, leave the field labelled \"Leave this empty\" empty.",
            Tamper: f => f["Website"] = "https://cheap-pills.example/"),
        ["forged form token is refused"] = new(Awkward, "This form has expired. Your text is kept below: please send it again.",
            Tamper: f => f["FormToken"] = "CfDJ8forged-token-from-a-bot"),
        ["altered form token is refused"] = new(Awkward, "This form has expired. Your text is kept below: please send it again.",
            Tamper: f => f["FormToken"] = f["FormToken"][..^4] + (f["FormToken"].EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA")),
        ["missing form token is refused"] = new(Awkward, "This form has expired. Your text is kept below: please send it again.",
            Tamper: f => f.Remove("FormToken")),
    };

    public static TheoryData<string, string> FormCaseNames
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var database in new[] { TestDatabases.Sqlite, TestDatabases.Postgres })
            {
                foreach (var name in FormCases.Keys)
                {
                    data.Add(database, name);
                }
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FormCaseNames))]
    public async Task The_comment_form_applies_each_rule_with_its_message(string database, string name)
    {
        var rule = FormCases[name];
        var (site, articleId, path) = await sites.GetAsync(database);
        var email = $"{Guid.NewGuid():N}@example.org";
        var reader = await CommentSite.SignedInAsync(site, email, "Rule Tester");

        var (response, page) = await RuleForms.PostAsync(reader, path, rule.Text, rule.Tamper);

        var stored = (await RuleForms.CommentsAsync(site, articleId)).Where(c => c.Email == email).ToList();
        if (rule.Problem is { } problem)
        {
            // Model binding turns a blank field into null: the form comes back empty, which is the same to a reader.
            RuleForms.AssertRefused(response, page, HttpStatusCode.BadRequest, problem, string.IsNullOrWhiteSpace(rule.Text) ? "" : rule.Text);
            Assert.Empty(stored);
            return;
        }
        Assert.True(Forms.IsRedirect(response), $"expected a redirect, got {(int)response.StatusCode}: {page.QuerySelector("#comment-problem")?.TextContent}");
        var comment = Assert.Single(stored);
        Assert.Equal(rule.HeldReason is null ? "approved" : "pending", comment.State);
        Assert.Equal(rule.HeldReason, comment.Reason);
        Assert.Equal(CommentText.Normalize(rule.Text), comment.Body);
        Assert.Equal($"{path}?posted={comment.State}#comment-{comment.Id}", response.Headers.Location!.OriginalString);
        if (rule.HeldReason is not null)
        {
            Assert.Contains(("held", rule.HeldReason), await RuleForms.LogAsync(site));
        }
    }

    // One site per database for the table of form cases; every case signs in a reader of its own.
    public sealed class RuleSites : IAsyncDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<(TestSite Site, long ArticleId, string Path)>>> started = new();

        public Task<(TestSite Site, long ArticleId, string Path)> GetAsync(string database) =>
            started.GetOrAdd(database, d => new Lazy<Task<(TestSite, long, string)>>(() => StartAsync(d))).Value;

        private static async Task<(TestSite, long, string)> StartAsync(string database)
        {
            var site = await CommentSite.StartAsync(database, null,
                ("Herald:Comments:TrustAfterApproved", "0"), ("Herald:Comments:PerAddressPerMinute", "0"),
                ("Herald:Comments:BannedWords:0", "idiot"), ("Herald:Comments:SuspectWords:0", "lawsuit"));
            var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
            return (site, articleId, path);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var lazy in started.Values)
            {
                if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
                {
                    await (await lazy.Value).Site.DisposeAsync();
                }
            }
        }
    }
}

// The rules that need time or several requests: duplicates, rate limits, form timing.
public sealed class CommentLimitTests
{
    // Pre-moderation means nothing is shown that a moderator has not seen: an edit to an
    // approved comment must not publish the new text unreviewed.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_approved_comment_edited_on_a_pre_moderated_discussion_is_not_shown_before_a_moderator_saw_the_edit(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "premoderated");
        var reader = await CommentSite.SignedInAsync(site, "editor-of-own@example.org", "Second Thoughts");
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, "A harmless first version.")).Response));
        var comment = Assert.Single(await RuleForms.CommentsAsync(site, articleId));
        var moderator = await TestAccounts.CreateAsync(site.Services, "mod@herald.invalid", "Mo Derator", "moderator");
        await site.Get<Herald.Moderation.ModerationActions>().DecideAsync([comment.Id], Herald.Moderation.Decisions.Approve, null, moderator.Id, TestContext.Current.CancellationToken);

        var (edited, _) = await Forms.SubmitAsync(reader, $"/comments/{articleId}?edit={comment.Id}",
            new Dictionary<string, string> { ["Text"] = "Something the moderators never approved." }, "#comment-form");
        Assert.True(Forms.IsRedirect(edited));

        var (_, seen) = await HtmlPage.GetAsync(site.Client(), path);
        var shown = seen.QuerySelector($"#comment-{comment.Id} .comment-body")?.TextContent;
        Assert.True(shown != "Something the moderators never approved.",
            "on a pre-moderated discussion the edited text went public without review (ReaderActions.EditAsync keeps the state 'approved')");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_rejection_by_a_rule_is_recorded_with_its_reason(string database)
    {
        await using var site = await CommentSite.StartAsync(database, null, ("Herald:Comments:BannedWords:0", "idiot"));
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "logged@example.org", "Logged");
        await RuleForms.PostAsync(reader, path, "You idiot.");
        Assert.Contains(("rejected-by-rule", "Your comment contains a word we do not publish (\"idiot\"). Please rephrase it."), await RuleForms.LogAsync(site));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_same_text_again_on_the_same_article_is_refused_within_the_window_only(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await CommentSite.StartAsync(database, clock);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var (otherId, otherPath) = await CommentSite.ArticleAsync(site, slug: "another-debate", mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "echo@example.org", "Echo");
        const string text = "The same thought, posted twice.";

        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, text)).Response));
        clock.Advance(TimeSpan.FromMinutes(9));
        var (again, page) = await RuleForms.PostAsync(reader, path, text);
        RuleForms.AssertRefused(again, page, HttpStatusCode.BadRequest, "You posted the same text here a moment ago. It is not added twice; please write something new.", text);
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, otherPath, text)).Response), "the same text on another article is a new comment");
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, text + " And more.")).Response), "a different text is a new comment");

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, text)).Response), "after the window the text may come again");
        Assert.Equal(3, (await RuleForms.CommentsAsync(site, articleId)).Count);
        Assert.Single(await RuleForms.CommentsAsync(site, otherId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Too_many_comments_from_one_account_get_429_with_retry_after(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await CommentSite.StartAsync(database, clock, ("Herald:Comments:PerAccountPerMinute", "2"), ("Herald:Comments:PerAddressPerMinute", "0"));
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "busy@example.org", "Busy");
        var other = await CommentSite.SignedInAsync(site, "calm@example.org", "Calm");

        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, "First of a burst.")).Response));
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, "Second of a burst.")).Response));
        clock.Advance(TimeSpan.FromSeconds(20));
        var (limited, page) = await RuleForms.PostAsync(reader, path, CommentRulesTests.Awkward);

        RuleForms.AssertRefused(limited, page, HttpStatusCode.TooManyRequests,
            "You have written 2 comments in the last minute. Please wait a minute before the next one; your text is kept below.", CommentRulesTests.Awkward);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(other, path, "Another reader is not limited.")).Response));

        clock.Advance(TimeSpan.FromSeconds(21));
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, CommentRulesTests.Awkward)).Response), "a minute after the first comment the reader may write again");
        Assert.Equal(4, (await RuleForms.CommentsAsync(site, articleId)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Too_many_comments_from_one_address_get_429_with_retry_after(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await CommentSite.StartAsync(database, clock, ("Herald:Comments:PerAccountPerMinute", "0"), ("Herald:Comments:PerAddressPerMinute", "2"));
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        // The test server's connections all come from one (unknown) address.
        for (var i = 0; i < 2; i++)
        {
            var reader = await CommentSite.SignedInAsync(site, $"net{i}@example.org", $"Neighbour {i}");
            Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(reader, path, $"Comment number {i} from this network.")).Response));
        }
        var third = await CommentSite.SignedInAsync(site, "net2@example.org", "Neighbour 2");
        var (limited, page) = await RuleForms.PostAsync(third, path, CommentRulesTests.Awkward);

        RuleForms.AssertRefused(limited, page, HttpStatusCode.TooManyRequests,
            "Many comments have come from your network in the last minute. Please wait a minute; your text is kept below.", CommentRulesTests.Awkward);
        Assert.Equal(TimeSpan.FromSeconds(60), limited.Headers.RetryAfter?.Delta);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(Forms.IsRedirect((await RuleForms.PostAsync(third, path, CommentRulesTests.Awkward)).Response));
        Assert.Equal(3, (await RuleForms.CommentsAsync(site, articleId)).Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_form_sent_faster_than_a_person_writes_is_refused_until_the_minimum_time_passed(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        // Not CommentSite.StartAsync: that one switches this rule off. The default is 2 seconds.
        await using var site = await TestSite.StartAsync(database, clock);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "bot@example.org", "Quick");
        var form = await RuleForms.FormAsync(reader, path);
        form["Text"] = CommentRulesTests.Awkward;

        clock.Advance(TimeSpan.FromSeconds(1.5));
        var (fast, page) = await Forms.PostAsync(reader, $"/comments/{articleId}", form);
        RuleForms.AssertRefused(fast, page, HttpStatusCode.BadRequest, "That was faster than anyone can write. Please wait a moment and send your comment again.", CommentRulesTests.Awkward);
        Assert.Empty(await RuleForms.CommentsAsync(site, articleId));

        clock.Advance(TimeSpan.FromSeconds(1));
        var (later, _) = await Forms.PostAsync(reader, $"/comments/{articleId}", form);
        Assert.True(Forms.IsRedirect(later));
        Assert.Single(await RuleForms.CommentsAsync(site, articleId));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_form_older_than_a_day_has_expired_and_the_refusal_offers_a_fresh_one(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await CommentSite.StartAsync(database, clock);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "slow@example.org", "Slow");
        var form = await RuleForms.FormAsync(reader, path);
        form["Text"] = CommentRulesTests.Awkward;

        clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        var (expired, page) = await Forms.PostAsync(reader, $"/comments/{articleId}", form);
        RuleForms.AssertRefused(expired, page, HttpStatusCode.BadRequest, "This form has expired. Your text is kept below: please send it again.", CommentRulesTests.Awkward);

        // Sending the returned form again (as the reader would) works.
        var fresh = page.QuerySelectorAll("#comment-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fresh["Text"] = page.QuerySelector("#comment-form textarea")!.TextContent;
        var (resent, _) = await Forms.PostAsync(reader, page.QuerySelector("#comment-form")!.GetAttribute("action")!, fresh);
        Assert.True(Forms.IsRedirect(resent));
        Assert.Equal(CommentText.Normalize(CommentRulesTests.Awkward), Assert.Single(await RuleForms.CommentsAsync(site, articleId)).Body);
    }
}

// Posting through the article page's comment form, and reading back what was stored.
internal static class RuleForms
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static void AssertRefused(HttpResponseMessage response, IDocument page, HttpStatusCode status, string problem, string text)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(problem, page.QuerySelector("#comment-problem")?.TextContent);
        Assert.Equal(text, page.QuerySelector("#comment-form textarea[name=Text]")?.TextContent);
        Assert.Contains("comment-problem", page.QuerySelector("#comment-form textarea")!.GetAttribute("aria-describedby") ?? "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(page.QuerySelector("#comment-form input[name=FormToken]")?.GetAttribute("value")), "the refused form carries a fresh token");
    }

    // The hidden fields of the article page's comment form, as a browser would send them.
    internal static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string path)
    {
        var (_, page) = await HtmlPage.GetAsync(client, path);
        var form = page.QuerySelector("#comment-form") ?? throw new InvalidOperationException($"no comment form on {path}");
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Website"] = "";
        return fields;
    }

    internal static async Task<(HttpResponseMessage Response, IDocument Page)> PostAsync(HttpClient client, string path, string text, Action<Dictionary<string, string>>? tamper = null)
    {
        var (_, page) = await HtmlPage.GetAsync(client, path);
        var form = page.QuerySelector("#comment-form") ?? throw new InvalidOperationException($"no comment form on {path}");
        var fields = form.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Website"] = "";
        fields["Text"] = text;
        tamper?.Invoke(fields);
        return await Forms.PostAsync(client, form.GetAttribute("action")!, fields);
    }

    internal sealed record Stored(long Id, string State, string? Reason, string Body, string Email);

    internal static async Task<List<Stored>> CommentsAsync(TestSite site, long articleId)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        return (await c.QueryAsync<Stored>(
            "SELECT c.id, c.state, c.reason, c.body, u.email FROM comments c JOIN users u ON u.id = c.user_id WHERE c.article_id = @articleId ORDER BY c.id",
            new { articleId })).ToList();
    }

    internal static async Task<List<(string Action, string? Reason)>> LogAsync(TestSite site)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        return (await c.QueryAsync<(string, string?)>("SELECT action, reason FROM moderation_log ORDER BY id")).ToList();
    }
}
