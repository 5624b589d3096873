using System.Globalization;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Herald.Articles;
using Herald.Tests.Browser;
using Herald.Tests.Support;
using Microsoft.Playwright;

namespace Herald.Tests.Desk;

// The newsroom's whole day in Chromium: sign in, write a story with every block type,
// send it to review, schedule it, let the scheduler publish it, update it (the stamp
// moves), correct it and unpublish it; axe checks every desk page on the way.
[Collection(BrowserGroup.Name)]
public sealed class DeskBrowserTests(Chromium chromium)
{
    private static readonly AxeRunOptions OnlyViolations = new() { ResultTypes = [ResultType.Violations] };

    [Fact]
    public async Task An_editor_writes_schedules_publishes_updates_corrects_and_unpublishes_a_story_in_the_browser()
    {
        await using var site = LiveSite.Start();
        await TestAccounts.CreateAsync(site.Services, "ed@herald.invalid", "Eda Editor", "editor");
        await using var session = await ReaderSession.OpenAsync(chromium.Browser, site);
        var page = session.Page;
        var axed = new List<string>();

        async Task Axe(string what)
        {
            var result = await page.RunAxe(OnlyViolations);
            Assert.True(result.Violations.Length == 0, $"axe on {what}: " + string.Join("\n", result.Violations.Select(v =>
                $"{v.Id}: {v.Help} " + string.Join(" ", v.Nodes.Select(n => n.Html)))));
            axed.Add(what);
        }

        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", "ed@herald.invalid");
        await page.FillAsync("#Password", TestAccounts.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/desk");
        await Axe("the article list");

        await page.ClickAsync("a[href='/desk/articles/new'] >> nth=0");
        await page.FillAsync("#f-Title", "Talks end without breakthrough");
        await page.FillAsync("#f-Topline", "Diplomacy");
        await page.FillAsync("#f-Lead", "The ministers met for three hours and agreed to meet again.");
        await page.FillAsync("#f-Section", "world");
        await page.FillAsync("#f-Authors", "Jo Anger | correspondent | Moscow");
        await page.FillAsync("#b0-text", "The talks were open");
        // The toolbar wraps the selection in the markup the format allows.
        await page.FocusAsync("#b0-text");
        await page.EvalOnSelectorAsync("#b0-text", "a => a.setSelectionRange(15, 19)");
        await page.ClickAsync("button[title^=Bold]");
        Assert.Equal("The talks were <strong>open</strong>", await page.InputValueAsync("#b0-text"));
        await Axe("the new article editor");

        foreach (var type in Block.Types.Skip(1))
        {
            await page.ClickAsync($"button[value='add:{type}']");
            await page.WaitForSelectorAsync($"#block-{Block.Types.ToList().IndexOf(type)}");
        }
        for (var i = 1; i < Block.Types.Count; i++)
        {
            foreach (var (key, value) in EditorTests.EveryBlock[Block.Types[i]])
            {
                var selector = $"#b{i}-{key.Replace('.', '-')}";
                if (key == "style")
                {
                    await page.SelectOptionAsync(selector, value);
                }
                else
                {
                    await page.FillAsync(selector, value);
                }
            }
        }
        await page.FillAsync("#f-Note", "First draft");
        await page.ClickAsync("button[value=save]:not(.visually-hidden)");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/desk/articles/\\d+$"));
        Assert.Contains("Draft saved", await page.TextContentAsync(".notice") ?? "", StringComparison.Ordinal);
        var editorUrl = page.Url;
        await Axe("the editor with every block type");

        await page.ClickAsync("button[value=submit]");
        await page.WaitForSelectorAsync(".state-in_review");

        // Schedule a few seconds ahead in the site's zone; the background loop publishes it.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var at = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow().AddSeconds(4), berlin);
        // Chromium keeps a time on the full minute without its ":00", which Playwright's fill
        // then calls a malformed value: the test failed one run in sixty.
        if (at.Second == 0)
        {
            at = at.AddSeconds(1);
        }
        await page.FillAsync("#schedule-at", at.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        await page.ClickAsync("button[value=schedule]");
        await page.WaitForSelectorAsync(".state-scheduled");
        var publicPage = await session.Context.NewPageAsync();
        var published = false;
        for (var attempt = 0; attempt < 40 && !published; attempt++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            published = (await publicPage.GotoAsync("/world/talks-end-without-breakthrough"))!.Status == 200;
        }
        Assert.True(published, "the scheduled story was not published");
        Assert.Contains("open", await publicPage.InnerTextAsync(".article-body strong"), StringComparison.Ordinal);
        Assert.NotNull(await publicPage.QuerySelectorAsync(".article-body video"));
        var firstStamp = await publicPage.GetAttributeAsync(".status time", "datetime");

        await Task.Delay(1100, TestContext.Current.CancellationToken);
        await page.GotoAsync(editorUrl);
        await page.FillAsync("#b0-text", "The talks were <strong>open</strong> and long.");
        await page.ClickAsync("button[value=publish]:has-text('Publish update')");
        await page.WaitForSelectorAsync(".notice");
        await publicPage.GotoAsync("/world/talks-end-without-breakthrough");
        Assert.Contains("and long.", await publicPage.InnerTextAsync(".article-body"), StringComparison.Ordinal);
        Assert.NotEqual(firstStamp, await publicPage.GetAttributeAsync(".status time", "datetime"));

        await page.FillAsync("#correction", "An earlier version misspelt the minister's name.");
        await page.ClickAsync("button[value=publish]:has-text('Publish correction')");
        await page.WaitForSelectorAsync(".notice");
        await publicPage.GotoAsync("/world/talks-end-without-breakthrough");
        Assert.Contains("misspelt", await publicPage.InnerTextAsync(".corrections"), StringComparison.Ordinal);

        await page.ClickAsync("a[href$='/revisions']");
        await page.WaitForSelectorAsync("table.diff");
        await Axe("the revisions page");
        await page.GotoAsync(editorUrl + "/preview");
        Assert.Contains("and long.", await page.InnerTextAsync(".article-body"), StringComparison.Ordinal);

        await page.GotoAsync(editorUrl);
        await page.ClickAsync("button[value=unpublish]");
        await page.WaitForSelectorAsync(".state-unpublished");
        Assert.Equal(410, (await publicPage.GotoAsync("/world/talks-end-without-breakthrough"))!.Status);
        await Axe("the editor of an unpublished story");

        session.AssertNoErrors(e => e.Contains("/world/talks-end-without-breakthrough", StringComparison.Ordinal) || ReaderSession.IsCrossOriginCaptionsRefusal(e));
        Assert.Equal(5, axed.Count);
    }

    [Fact]
    public async Task The_admin_pages_and_the_media_library_pass_axe()
    {
        await using var site = LiveSite.Start();
        await TestAccounts.CreateAsync(site.Services, "admin@herald.invalid", "Ada Admin", "admin");
        await TestAccounts.CreateAsync(site.Services, "rep@herald.invalid", "Rui Reporter", "contributor");
        await using var session = await ReaderSession.OpenAsync(chromium.Browser, site);
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", "admin@herald.invalid");
        await page.FillAsync("#Password", TestAccounts.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/desk");

        await page.GotoAsync("/desk/media");
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "card.png", MimeType = "image/png", Buffer = Convert.FromBase64String(OnePixelPng) });
        await page.FillAsync("#alt", "A test card");
        await page.FillAsync("#caption", "Test card");
        await page.ClickAsync("main form[enctype] button[type=submit]");
        await page.WaitForSelectorAsync(".media-item");

        await page.GotoAsync("/desk/tokens");
        await page.FillAsync("#token-name", "Newswire");
        await page.ClickAsync("form[action*=Create] button");
        await page.WaitForSelectorAsync("#new-token");
        foreach (var path in new[] { "/desk/media", "/desk/users", "/desk/audit", "/desk/tokens", "/desk?state=draft" })
        {
            await page.GotoAsync(path);
            var result = await page.RunAxe(OnlyViolations);
            Assert.True(result.Violations.Length == 0, $"axe on {path}: " + string.Join("\n", result.Violations.Select(v =>
                $"{v.Id}: {v.Help} " + string.Join(" ", v.Nodes.Select(n => n.Html)))));
        }
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Unsaved_typing_is_kept_in_the_browser_and_offered_back_after_a_reload()
    {
        await using var site = LiveSite.Start();
        await TestAccounts.CreateAsync(site.Services, "rep@herald.invalid", "Rui Reporter", "contributor");
        await using var session = await ReaderSession.OpenAsync(chromium.Browser, site);
        var page = session.Page;
        await page.GotoAsync("/account/login");
        await page.FillAsync("#Email", "rep@herald.invalid");
        await page.FillAsync("#Password", TestAccounts.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/desk");
        await page.GotoAsync("/desk/articles/new");
        await page.FillAsync("#f-Title", "Typed but never saved");
        await page.FillAsync("#b0-text", "A paragraph that must survive.");
        await page.WaitForSelectorAsync(".autosave-status:has-text('kept')");

        await page.ReloadAsync();
        Assert.Equal("", await page.InputValueAsync("#f-Title"));
        await page.ClickAsync("button:has-text('Restore them')");
        Assert.Equal("Typed but never saved", await page.InputValueAsync("#f-Title"));
        Assert.Equal("A paragraph that must survive.", await page.InputValueAsync("#b0-text"));
        session.AssertNoErrors();
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
}
