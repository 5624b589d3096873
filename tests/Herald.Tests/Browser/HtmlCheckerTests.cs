namespace Herald.Tests.Browser;

public sealed class HtmlCheckerTests(CheckedHtml checkedHtml) : IClassFixture<CheckedHtml>
{
    [Theory]
    [MemberData(nameof(CheckedPages.Names), MemberType = typeof(CheckedPages))]
    public void Page_passes_the_W3C_HTML_checker(string page)
    {
        Assert.Equal(CheckedPages.Named(page).Status, checkedHtml.StatusOf(page));
        AssertNoErrors(page);
    }

    [Fact]
    public void Stylesheet_passes_the_W3C_CSS_checker() => AssertNoErrors(CheckedHtml.Stylesheet);

    [Fact]
    public void Checker_reports_the_errors_of_a_broken_document() =>
        Assert.Contains(checkedHtml.Messages[CheckedHtml.BrokenControl], m => m.IsError && m.Message.Contains("alt", StringComparison.Ordinal));

    private void AssertNoErrors(string document)
    {
        var messages = checkedHtml.Messages[document];
        Assert.True(!messages.Any(m => m.IsError),
            $"The Nu HTML checker found errors in the {document} ({messages.Count(m => m.IsError)} errors, all messages listed):\n" +
            string.Join('\n', messages));
    }
}
