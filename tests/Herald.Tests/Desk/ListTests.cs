using Herald.Data;
using Herald.Desk;
using Herald.Tests.Support;

namespace Herald.Tests.Desk;

public sealed class ListTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_desk_list_filters_by_state_section_creator_and_title_and_pages(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var editor = await DeskClient.SignInAsync(site, "editor");
        var reporter = await DeskClient.SignInAsync(site, "contributor");
        var budget = await WorkflowPathTests.DraftAsync(editor, "Budget 100% approved");
        await WorkflowPathTests.DraftAsync(reporter, "Rovers win the cup");
        var sport = WorkflowPathTests.Article("Local derby ends in a draw");
        sport["Form.Section"] = "sport";
        await reporter.EditAsync("/desk/articles/new", "save", sport);
        await editor.EditAsync($"/desk/articles/{budget}", "submit");
        for (var i = 0; i < 25; i++)
        {
            await WorkflowPathTests.DraftAsync(editor, $"Filler story {i:00}");
        }

        async Task<List<string>> TitlesAsync(string query)
        {
            var (_, page) = await HtmlPage.GetAsync(editor.Http, "/desk" + query);
            return page.QuerySelectorAll("table.desk-table tbody td:first-child a").Select(a => a.TextContent).ToList();
        }

        Assert.Equal(["Budget 100% approved"], await TitlesAsync("?state=in_review"));
        Assert.Equal(["Local derby ends in a draw"], await TitlesAsync("?section=sport"));
        Assert.Equal(["Budget 100% approved"], await TitlesAsync("?q=100%25"));
        Assert.Equal(["Rovers win the cup"], await TitlesAsync("?q=ROVERS"));
        var (_, page) = await HtmlPage.GetAsync(editor.Http, "/desk");
        var reporterId = page.QuerySelectorAll("#f-author option").Single(o => o.TextContent == "Contributor Person").GetAttribute("value");
        Assert.Equal(["Local derby ends in a draw", "Rovers win the cup"], await TitlesAsync($"?author={reporterId}"));
        Assert.Equal(25, (await TitlesAsync("")).Count);
        Assert.NotNull(page.QuerySelector("a[rel=next]"));
        Assert.Equal(3, (await TitlesAsync("?page=2")).Count);
    }

    // Every desk view opens this list; at 100,000 articles sorting them all took 0.15 s a
    // view. The whole list, and the list of one state, one section or one author, read an
    // index in the list's order.
    [Theory]
    [InlineData(null, null, null, false, "articles_by_modification")]
    [InlineData("draft", null, null, false, "articles_by_state_modification (state=?)")]
    [InlineData(null, null, null, true, "articles_by_modification")]
    [InlineData(null, "news", null, false, "articles_by_section_modification (section_id=?)")]
    [InlineData(null, null, 1L, false, "articles_by_creator_modification (created_by_user_id=?)")]
    [InlineData("draft", "news", 1L, true, "_modification (")]
    public async Task The_desk_list_reads_the_articles_in_its_order_without_sorting_them(string? state, string? section, long? author, bool titleSearch, string index)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(TestContext.Current.CancellationToken);
        var plan = await QueryPlan.OfAsync(c, DeskStore.ListSql(new DeskFilter(state, section, author, null, 1), titleSearch),
            new { State = state, Section = section, Author = author, pattern = "%x%", limit = 26, offset = 0 });
        Assert.Contains(plan, p => (p.StartsWith("SCAN a USING INDEX ", StringComparison.Ordinal) || p.StartsWith("SEARCH a USING INDEX ", StringComparison.Ordinal)) && p.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
