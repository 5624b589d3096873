using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace Herald.Tests.Browser;

// axe-core in Chromium over every kind of public page.
[Collection(BrowserGroup.Name)]
public sealed class AccessibilityTests(Chromium chromium, PublishedSite published)
{
    // Every rule still runs; passes and inapplicable rules are just not sent back in full.
    private static readonly AxeRunOptions OnlyViolations = new() { ResultTypes = [ResultType.Violations] };

    [Theory]
    [MemberData(nameof(CheckedPages.Names), MemberType = typeof(CheckedPages))]
    public async Task Page_has_no_accessibility_violations(string page)
    {
        var checkedPage = CheckedPages.Named(page);
        await using var reader = await ReaderSession.OpenAsync(chromium.Browser, published.Site);
        var response = await reader.Page.GotoAsync(checkedPage.Path);
        Assert.Equal(checkedPage.Status, response!.Status);

        var result = await reader.Page.RunAxe(OnlyViolations);

        AssertNoViolations(result, $"the {page} ({checkedPage.Path})");
    }

    [Fact]
    public async Task Axe_reports_the_violations_of_a_broken_page()
    {
        await using var reader = await ReaderSession.OpenAsync(chromium.Browser, published.Site);
        await reader.Page.SetContentAsync("<!DOCTYPE html><html><title>x</title><img src=\"/broken.png\"></html>");

        var result = await reader.Page.RunAxe();

        Assert.Contains(result.Violations, v => v.Id == "image-alt");
        Assert.Contains(result.Violations, v => v.Id == "html-has-lang");
    }

    private static void AssertNoViolations(AxeResult result, string where) =>
        Assert.True(result.Violations.Length == 0,
            $"axe found {result.Violations.Length} violations on {where}:\n" +
            string.Join('\n', result.Violations.Select(v =>
                $"{v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}\n" +
                string.Join('\n', v.Nodes.Select(n => $"    {n.Target}: {n.Html}\n      " +
                    string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message)))))));
}
