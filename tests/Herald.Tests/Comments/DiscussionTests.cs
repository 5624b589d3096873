using System.Net;
using Herald.Moderation;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Comments;

public sealed class DiscussionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<long> ModeratorIdAsync(TestSite site) =>
        (await TestAccounts.CreateAsync(site.Services, $"mod{Guid.NewGuid():N}@herald.invalid", "Mo Derator", "moderator")).Id;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_pre_moderated_comment_is_pending_for_its_author_and_hidden_until_approved(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site);
        var reader = await CommentSite.SignedInAsync(site, "ada@example.org", "Ada");
        var anonymous = site.Client();
        var (_, before) = await HtmlPage.GetAsync(anonymous, path);
        Assert.Equal("0", before.QuerySelector("[data-comment-count]")!.TextContent);
        Assert.NotNull(before.QuerySelector(".discussion-signin a[href^='/account/login']"));

        var (posted, postedPage) = await CommentSite.CommentAsync(reader, path, "A first thought on the vote.");
        Assert.True(Forms.IsRedirect(posted), $"{(int)posted.StatusCode} {postedPage.QuerySelector("main")?.TextContent}");
        var (_, own) = await HtmlPage.GetAsync(reader, path);
        var mine = Assert.Single(own.QuerySelectorAll(".comment"));
        Assert.Contains("Waiting for a moderator", mine.QuerySelector(".comment-state")!.TextContent, StringComparison.Ordinal);
        var (_, others) = await HtmlPage.GetAsync(anonymous, path);
        Assert.Empty(others.QuerySelectorAll(".comment"));

        var pending = await site.Get<ModerationQueries>().QueueAsync("pending", articleId, null, ct: Ct);
        var item = Assert.Single(pending);
        Assert.Equal("pre-moderated discussion", item.Reason);
        await site.Get<ModerationActions>().DecideAsync([item.Id], Decisions.Approve, null, await ModeratorIdAsync(site), Ct);

        var (_, after) = await HtmlPage.GetAsync(anonymous, path);
        Assert.Equal("1", after.QuerySelector("[data-comment-count]")!.TextContent);
        Assert.Equal("A first thought on the vote.", after.QuerySelector(".comment .comment-body")!.TextContent);
        Assert.Equal("Ada", after.QuerySelector(".comment .comment-author")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task On_an_open_discussion_a_new_readers_first_comment_waits_and_later_ones_appear_at_once(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "new@example.org", "Newcomer");
        await CommentSite.CommentAsync(reader, path, "My very first comment here.");
        var first = Assert.Single(await site.Get<ModerationQueries>().QueueAsync("pending", null, null, ct: Ct));
        Assert.Equal("first comments of a new reader", first.Reason);
        await site.Get<ModerationActions>().DecideAsync([first.Id], Decisions.Approve, null, await ModeratorIdAsync(site), Ct);

        await CommentSite.CommentAsync(reader, path, "Now I am trusted, this one shows at once.");
        var (_, page) = await HtmlPage.GetAsync(site.Client(), path);
        Assert.Equal(2, page.QuerySelectorAll(".comment").Length);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Replies_nest_one_level_and_sorting_and_recommendations_work(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open", published: TimeProvider.System.GetUtcNow().AddHours(-1));
        var staff = await CommentSite.SignedInAsync(site, "desk@herald.invalid", "Desk Editor", "editor");
        var reader = await CommentSite.SignedInAsync(site, "bo@example.org", "Bo");
        await CommentSite.CommentAsync(staff, path, "Older comment from the newsroom.");
        await Task.Delay(5, Ct);
        await CommentSite.CommentAsync(staff, path, "Newer comment from the newsroom.");
        var (_, page) = await HtmlPage.GetAsync(reader, path);
        var older = page.QuerySelectorAll(".comment").Single(c => c.TextContent.Contains("Older", StringComparison.Ordinal));
        var olderId = older.Id!["comment-".Length..];
        Assert.Contains("Newsroom", older.QuerySelector(".comment-badge")!.TextContent, StringComparison.Ordinal);

        // Reply through the no-JavaScript reply page; a reply to a reply joins the same thread.
        var articleId = (await site.Get<Herald.Reading.ReadingQueries>().ArticleAsync("debate"))!.Id;
        var (replied, _) = await Forms.SubmitAsync(reader, $"/comments/{articleId}?reply={olderId}", new Dictionary<string, string> { ["Text"] = "A reply to the older one." });
        Assert.True(Forms.IsRedirect(replied));
        await CommentSite.ApprovePendingAsync(site, await ModeratorIdAsync(site));

        var (recommended, _) = await Forms.SubmitAsync(reader, path, new Dictionary<string, string>(), $"#comment-{olderId} form[action$='handler=Recommend']");
        Assert.True(Forms.IsRedirect(recommended));
        var (again, againPage) = await Forms.PostAsync(reader, $"/comments/{articleId}?handler=Recommend",
            new Dictionary<string, string> { ["CommentId"] = olderId, ["__RequestVerificationToken"] = (await HtmlPage.GetAsync(reader, path)).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")! });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("You have already recommended this comment.", againPage.QuerySelector(".form-problem")!.TextContent);

        var (_, newest) = await HtmlPage.GetAsync(site.Client(), path);
        Assert.StartsWith("Newer", newest.QuerySelector(".comment-list > .comment .comment-body")!.TextContent, StringComparison.Ordinal);
        var (_, oldest) = await HtmlPage.GetAsync(site.Client(), path + "?comments=oldest");
        var thread = oldest.QuerySelector(".comment-list > .comment")!;
        Assert.StartsWith("Older", thread.QuerySelector(".comment-body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("A reply to the older one.", thread.QuerySelector(".comment-replies .comment-body")!.TextContent);
        var (_, best) = await HtmlPage.GetAsync(site.Client(), path + "?comments=recommended");
        Assert.StartsWith("Older", best.QuerySelector(".comment-list > .comment .comment-body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", best.QuerySelector(".comment-list > .comment [data-recommendations]")!.TextContent);
        Assert.Equal("3", best.QuerySelector("[data-comment-count]")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_closed_discussion_shows_no_form_and_refuses_posts(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "closed");
        var reader = await CommentSite.SignedInAsync(site, "late@example.org", "Late");
        var (_, page) = await HtmlPage.GetAsync(reader, path);
        Assert.Null(page.QuerySelector("#comment-form"));
        Assert.Equal("Comments are closed for this story.", page.QuerySelector(".discussion-closed")!.TextContent);
        var (refused, refusedPage) = await Forms.SubmitAsync(reader, $"/comments/{articleId}", new Dictionary<string, string> { ["Text"] = "Let me in anyway." });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Comments are closed for this story.", refusedPage.QuerySelector("#comment-problem")!.TextContent);
        Assert.Equal("Let me in anyway.", refusedPage.QuerySelector("textarea")!.TextContent);
    }

    // A moderator's article override beats the story's own policy; a section override stands
    // in where the story sets none. The article page reads both with the article itself.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Moderator_overrides_of_the_mode_show_on_the_article_page(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var moderator = await ModeratorIdAsync(site);
        var discussions = site.Get<Herald.Comments.Discussions>();
        var (openId, openPath) = await CommentSite.ArticleAsync(site, slug: "override-open", mode: "open");
        var plain = await site.PublishAsync(Samples.Article("override-plain") with { CommentPolicy = null });
        var reader = await CommentSite.SignedInAsync(site, "watcher@example.org", "Watcher");
        Assert.NotNull((await HtmlPage.GetAsync(reader, openPath)).Document.QuerySelector("#comment-form"));

        await discussions.SetAsync("article", openId.ToString(System.Globalization.CultureInfo.InvariantCulture), "closed", moderator, Ct);
        var (_, closedByArticle) = await HtmlPage.GetAsync(reader, openPath);
        Assert.Null(closedByArticle.QuerySelector("#comment-form"));
        Assert.Equal("Comments are closed for this story.", closedByArticle.QuerySelector(".discussion-closed")!.TextContent);

        await discussions.SetAsync("section", plain.Path.Split('/')[1], "closed", moderator, Ct);
        var (_, closedBySection) = await HtmlPage.GetAsync(reader, plain.Path);
        Assert.Equal("Comments are closed for this story.", closedBySection.QuerySelector(".discussion-closed")!.TextContent);

        await discussions.SetAsync("article", plain.ArticleId.ToString(System.Globalization.CultureInfo.InvariantCulture), "open", moderator, Ct);
        Assert.NotNull((await HtmlPage.GetAsync(reader, plain.Path)).Document.QuerySelector("#comment-form"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_discussion_closes_by_itself_after_its_hours_and_says_when_and_why(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await CommentSite.StartAsync(database, clock);
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open", closesAfterHours: 48);
        var reader = await CommentSite.SignedInAsync(site, "clock@example.org", "Clock");
        var (_, open) = await HtmlPage.GetAsync(reader, path);
        Assert.NotNull(open.QuerySelector("#comment-form"));
        Assert.Contains("This discussion closes on 03/04/2026 9:15 a.m.", open.QuerySelector("#comment-form")!.TextContent, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromHours(48));
        var (_, closed) = await HtmlPage.GetAsync(reader, path);
        Assert.Null(closed.QuerySelector("#comment-form"));
        Assert.Equal("The discussion closed on 03/04/2026 9:15 a.m., 48 hours after the story was published.", closed.QuerySelector(".discussion-closed")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_retried_submission_with_the_same_form_creates_one_comment(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "twice@example.org", "Twice", "editor");
        var (_, page) = await HtmlPage.GetAsync(reader, path);
        var fields = page.QuerySelectorAll("#comment-form input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value")!);
        fields["Text"] = "Sent twice by an impatient browser.";
        var first = await Forms.PostAsync(reader, $"/comments/{articleId}", fields);
        var second = await Forms.PostAsync(reader, $"/comments/{articleId}", fields);
        Assert.Equal(first.Response.Headers.Location, second.Response.Headers.Location);
        var (_, after) = await HtmlPage.GetAsync(site.Client(), path);
        Assert.Single(after.QuerySelectorAll(".comment"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Reports_hide_a_comment_after_three_and_moderators_see_it_in_the_reported_queue(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var author = await CommentSite.SignedInAsync(site, "loud@example.org", "Loud", "editor");
        await CommentSite.CommentAsync(author, path, "A comment some readers will dislike.");
        var (_, page) = await HtmlPage.GetAsync(site.Client(), path);
        var commentId = page.QuerySelector(".comment")!.Id!["comment-".Length..];
        var articleId = (await site.Get<Herald.Reading.ReadingQueries>().ArticleAsync("debate"))!.Id;
        for (var i = 0; i < 3; i++)
        {
            var reporter = await CommentSite.SignedInAsync(site, $"r{i}@example.org", $"Reporter {i}");
            var (reported, _) = await Forms.SubmitAsync(reporter, $"/comments/{articleId}?report={commentId}", new Dictionary<string, string> { ["Reason"] = "Off topic and rude" });
            Assert.True(Forms.IsRedirect(reported));
        }
        var (_, hidden) = await HtmlPage.GetAsync(site.Client(), path);
        Assert.Empty(hidden.QuerySelectorAll(".comment"));
        var item = Assert.Single(await site.Get<ModerationQueries>().QueueAsync("reported", null, null, ct: Ct));
        Assert.Equal(3, item.Reports);
        Assert.Equal("hidden after reports", item.Reason);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_reply_is_shown_to_all_once_approved_and_only_to_its_author_while_pending_or_rejected(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site);
        var staff = await CommentSite.SignedInAsync(site, "desk@herald.invalid", "Desk Editor", "editor");
        await CommentSite.CommentAsync(staff, path, "A question from the newsroom.");
        var threadId = (await HtmlPage.GetAsync(staff, path)).Document.QuerySelector(".comment")!.Id!["comment-".Length..];
        var waiting = await CommentSite.SignedInAsync(site, "wait@example.org", "Wai");
        var turnedDown = await CommentSite.SignedInAsync(site, "down@example.org", "Dow");
        var published = await CommentSite.SignedInAsync(site, "pub@example.org", "Pub");
        foreach (var (client, text) in new[] { (waiting, "A reply still waiting."), (turnedDown, "A reply turned down."), (published, "A reply published.") })
        {
            var (replied, _) = await Forms.SubmitAsync(client, $"/comments/{articleId}?reply={threadId}", new Dictionary<string, string> { ["Text"] = text });
            Assert.True(Forms.IsRedirect(replied));
        }
        var queue = await site.Get<ModerationQueries>().QueueAsync("pending", null, null, ct: Ct);
        var moderator = await ModeratorIdAsync(site);
        await site.Get<ModerationActions>().DecideAsync([queue.Single(i => i.Body.StartsWith("A reply turned", StringComparison.Ordinal)).Id], Decisions.Reject, "Off topic.", moderator, Ct);
        await site.Get<ModerationActions>().DecideAsync([queue.Single(i => i.Body.StartsWith("A reply published", StringComparison.Ordinal)).Id], Decisions.Approve, null, moderator, Ct);

        static async Task<string[]> RepliesSeenBy(HttpClient client, string path) =>
            (await HtmlPage.GetAsync(client, path)).Document.QuerySelectorAll(".comment-replies .comment-body").Select(b => b.TextContent).ToArray();
        Assert.Equal(["A reply published."], await RepliesSeenBy(site.Client(), path));
        Assert.Equal(["A reply published."], await RepliesSeenBy(staff, path));
        Assert.Equal(["A reply still waiting.", "A reply published."], await RepliesSeenBy(waiting, path));
        Assert.Equal(["A reply turned down.", "A reply published."], await RepliesSeenBy(turnedDown, path));
    }

    // A discussion whose threads fit on one page is read with all its replies at once and
    // counted from the rows read; one that needs more pages looks up each page's replies and
    // counts in the database. Both must show the same comments in the same order and the same
    // count, for a reader who is not signed in and for one with comments awaiting moderation.
    // On PostgreSQL the article page reads its discussion in a batch with the article, by its
    // slug (ReadingQueries.ArticlePageAsync): each page must read the same that way too.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_discussion_reads_the_same_on_one_page_as_over_several(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var ann = (await TestAccounts.CreateAsync(site.Services, "ann@example.org", "Ann")).Id;
        var ben = (await TestAccounts.CreateAsync(site.Services, "ben@example.org", "Ben")).Id;
        var writer = site.Get<Herald.Comments.CommentWriter>();
        var start = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        async Task<long> Write(long user, long? parent, string state, int minute, string text) =>
            (await writer.WriteAsync(new Herald.Comments.PendingComment(articleId, parent, user, text, state, state == "rejected" ? "Off topic." : null, false,
                Guid.NewGuid().ToString("N"), "address", start + minute * 60_000L)))!.Value;

        var first = await Write(ann, null, "approved", 1, "First thread.");
        var second = await Write(ben, null, "approved", 2, "Second thread.");
        await Write(ben, null, "pending", 3, "A thread by Ben awaiting a moderator.");
        var turnedDown = await Write(ann, null, "rejected", 4, "A thread turned down.");
        var removed = await Write(ben, null, "approved", 5, "A thread its author removed.");
        await Write(ann, null, "approved", 6, "Third thread.");
        // Written out of time order: the later reply has the lower id.
        await Write(ben, first, "approved", 20, "A later reply to the first.");
        await Write(ann, first, "approved", 10, "An earlier reply to the first.");
        await Write(ben, first, "pending", 11, "A reply by Ben awaiting a moderator.");
        await Write(ann, second, "rejected", 12, "A reply turned down.");
        await Write(ben, turnedDown, "approved", 13, "An approved reply under a rejected thread.");
        await Write(ann, removed, "approved", 14, "A reply that keeps a removed thread on the page.");
        await using (var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct))
        {
            await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE comments SET state = 'deleted' WHERE id = @removed", new { removed });
        }

        // The body as the page shows it: the HTML stored with the comment, without its tags.
        static string Text(Herald.Comments.CommentView comment) => comment.StoredHtml.IsEmpty ? comment.Body
            : System.Text.RegularExpressions.Regex.Replace(System.Text.Encoding.UTF8.GetString(comment.StoredHtml.Span), "<[^>]+>", "");

        // Each thread, then its replies, indented.
        static IEnumerable<string> Shown(Herald.Comments.DiscussionPage page) =>
            page.Comments.SelectMany(thread => (string[])[$"{thread.State}: {Text(thread)}", .. thread.Replies.Select(r => $"  {r.State}: {Text(r)}")]);

        async Task<(int Count, List<string> Shown)> Read(int pageSize, long? viewer)
        {
            var queries = new Herald.Comments.CommentQueries(site.Get<Herald.Data.Db>(),
                Microsoft.Extensions.Options.Options.Create(new Herald.Comments.CommentOptions { PageSize = pageSize }));
            var shown = new List<string>();
            var count = -1;
            await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
            for (var number = 1; ; number++)
            {
                Herald.Comments.DiscussionPage page;
                await using (var reads = Herald.Data.TypedRows.Together(c))
                {
                    page = await queries.PageAsync(reads, articleId, "oldest", number, viewer, ct: Ct);
                }
                Assert.True(count == -1 || count == page.Count, $"page {number} of {pageSize} counts {page.Count}, page 1 counted {count}");
                count = page.Count;
                var onPage = Shown(page).ToList();
                shown.AddRange(onPage);
                if (database == TestDatabases.Postgres)
                {
                    using var arena = new Herald.Data.TextArena();
                    var (article, _, batched) = await site.Get<Herald.Reading.ReadingQueries>().ArticlePageAsync(c, queries, path.Split('/')[^1], "oldest", number, viewer, arena, Ct);
                    Assert.Equal(articleId, article!.Id);
                    Assert.Equal((page.Count, page.HasNext, page.Sort, page.Page), (batched.Count, batched.HasNext, batched.Sort, batched.Page));
                    Assert.Equal(onPage, Shown(batched));
                }
                if (!page.HasNext)
                {
                    return (count, shown);
                }
            }
        }

        string[] everyone =
        [
            "approved: First thread.",
            "  approved: An earlier reply to the first.",
            "  approved: A later reply to the first.",
            "approved: Second thread.",
            "deleted: A thread its author removed.",
            "  approved: A reply that keeps a removed thread on the page.",
            "approved: Third thread.",
        ];
        string[] seenByBen =
        [
            "approved: First thread.",
            "  approved: An earlier reply to the first.",
            "  pending: A reply by Ben awaiting a moderator.",
            "  approved: A later reply to the first.",
            "approved: Second thread.",
            "pending: A thread by Ben awaiting a moderator.",
            "deleted: A thread its author removed.",
            "  approved: A reply that keeps a removed thread on the page.",
            "approved: Third thread.",
        ];
        // Approved: three threads and four replies, one of them under the rejected thread.
        foreach (var pageSize in new[] { 50, 2 })
        {
            var (count, shown) = await Read(pageSize, null);
            Assert.Equal(7, count);
            Assert.Equal(everyone, shown);
            var (benCount, benShown) = await Read(pageSize, ben);
            Assert.Equal(7, benCount);
            Assert.Equal(seenByBen, benShown);
        }
    }

    [Fact]
    public async Task A_discussion_on_one_page_reads_its_replies_from_the_threads_index_without_sorting()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, Herald.Comments.CommentQueries.ArticleRepliesSql, new { articleId = 1L, viewer = (long?)7 });
        Assert.Contains(plan, d => d.StartsWith("SEARCH c USING INDEX comments_threads (article_id=? AND parent_id>?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replies_are_looked_up_by_their_threads()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        foreach (var count in new[] { 1, 3, 50 })
        {
            var ids = Herald.Comments.CommentQueries.Ids(Herald.Data.SqlDialect.Sqlite, Enumerable.Range(1, count).Select(i => (long)i));
            var plan = await QueryPlan.OfAsync(c, Herald.Comments.CommentQueries.RepliesSql(Herald.Data.SqlDialect.Sqlite), new { ids, viewer = (long?)7 });
            Assert.Contains(plan, d => d.StartsWith("SEARCH c USING INDEX comments_by_parent (parent_id=?)", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, d => d.Contains("comments_by_moderation", StringComparison.Ordinal) || d.Contains("comments_by_user", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_page_of_threads_is_read_from_its_own_index_newest_first_without_sorting()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, Herald.Comments.CommentQueries.ThreadsSql("c.created_at DESC, c.id DESC"), new { articleId = 1L, viewer = (long?)null, limit = 51, offset = 0 });
        Assert.Contains(plan, d => d.StartsWith("SEARCH c USING INDEX comments_threads (article_id=? AND parent_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
        // A removed thread's approved replies by their parent, not by walking every approved comment.
        Assert.Contains(plan, d => d.StartsWith("SEARCH r USING INDEX comments_by_parent (parent_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("comments_by_moderation", StringComparison.Ordinal) || d.Contains("comments_by_state", StringComparison.Ordinal));
    }

    // A reader's standing before each comment: their own approved comments, through their own
    // index, never a walk of every approved comment of the site (all of them for a new reader).
    [Fact]
    public async Task A_readers_standing_reads_only_that_readers_comments()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, Herald.Comments.CommentPosting.ReaderStandingSql, new { userId = 7L, nonce = "n", now = 1L, enough = 1 });
        Assert.Contains(plan, d => d.StartsWith("SEARCH comments USING INDEX comments_by_user (user_id=?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("comments_by_moderation", StringComparison.Ordinal) || d.Contains("comments_by_state", StringComparison.Ordinal));
    }

    // A moderator's queue of one article reads that article's comments, in every queue.
    [Theory]
    [InlineData("pending")]
    [InlineData("approved")]
    [InlineData("reported")]
    public async Task The_queue_of_one_article_reads_only_that_articles_comments(string queue)
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, ModerationQueries.QueueSql(queue, byArticle: true), new { articleId = 1L, limit = 100 });
        Assert.Contains(plan, d => d.StartsWith("SEARCH c USING INDEX comments_by_article (article_id=?", StringComparison.Ordinal) ||
                                   d.StartsWith("SEARCH c USING INDEX comments_threads (article_id=?", StringComparison.Ordinal) ||
                                   d.StartsWith("SEARCH c USING INDEX comments_reported", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("comments_by_moderation", StringComparison.Ordinal) || d.Contains("comments_by_state", StringComparison.Ordinal) || d.StartsWith("SCAN c", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_reported_queue_and_its_count_walk_only_the_reported_comments()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        foreach (var sql in new[] { ModerationQueries.QueueSql("reported"), ModerationQueries.ReportedCountSql })
        {
            var plan = await QueryPlan.OfAsync(c, sql, new { articleId = (long?)null, section = (string?)null, limit = 100 });
            Assert.Contains(plan, d => d.StartsWith("SEARCH c USING INDEX comments_reported", StringComparison.Ordinal) ||
                                       d.StartsWith("SEARCH comments USING INDEX comments_reported", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_rejected_comment_shows_its_author_the_reason(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (_, path) = await CommentSite.ArticleAsync(site);
        var reader = await CommentSite.SignedInAsync(site, "rej@example.org", "Rej");
        await CommentSite.CommentAsync(reader, path, "Something the moderators will not publish.");
        var item = Assert.Single(await site.Get<ModerationQueries>().QueueAsync("pending", null, null, ct: Ct));
        await site.Get<ModerationActions>().DecideAsync([item.Id], Decisions.Reject, "Personal attacks are not allowed.", await ModeratorIdAsync(site), Ct);
        var (_, own) = await HtmlPage.GetAsync(reader, path);
        Assert.Equal("Not published by the moderators: Personal attacks are not allowed.. Only you can see this comment.", own.QuerySelector(".comment-state")!.TextContent);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_banned_reader_cannot_comment_and_a_suspension_ends(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await CommentSite.StartAsync(database, clock);
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "troll@example.org", "Troll");
        var readerId = (await site.Get<Microsoft.AspNetCore.Identity.UserManager<Herald.Accounts.User>>().FindByEmailAsync("troll@example.org"))!.Id;
        var moderator = await ModeratorIdAsync(site);
        await site.Get<ModerationActions>().SanctionAsync(readerId, clock.GetUtcNow().AddDays(7), "repeated insults", moderator, ct: Ct);
        var (refused, page) = await CommentSite.CommentAsync(reader, path, "Can I still write?");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Your account may not comment until 2026-03-09 12:00 UTC (repeated insults).", page.QuerySelector("#comment-problem")!.TextContent);
        clock.Advance(TimeSpan.FromDays(8));
        var (allowed, _) = await CommentSite.CommentAsync(reader, path, "Back after my suspension.");
        Assert.True(Forms.IsRedirect(allowed));
        var (_, history) = await HtmlPage.GetAsync(await CommentSite.SignedInAsync(site, "mod2@herald.invalid", "Second Moderator", "moderator"), $"/desk/moderation/readers/{readerId}");
        Assert.Contains("suspended", history.QuerySelector(".log")!.TextContent, StringComparison.Ordinal);
    }
}
