using System.Text;
using Herald.Articles;

namespace Herald.Tests.Articles;

public sealed class InlineHtmlTests
{
    private static string Normalize(string source)
    {
        var html = new StringBuilder();
        InlineHtml.Render(html, InlineHtml.Parse(source));
        return html.ToString();
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("The vote was <strong>31 to 12</strong>", "The vote was <strong>31 to 12</strong>")]
    [InlineData("<em>two</em> <strong><em>both</em></strong>", "<em>two</em> <strong><em>both</em></strong>")]
    [InlineData("<a href='https://a.example/?x=1&amp;y=2'>link</a>", "<a href=\"https://a.example/?x=1&amp;y=2\">link</a>")]
    [InlineData("<a href=\"mailto:desk@herald.invalid\">mail</a>", "<a href=\"mailto:desk@herald.invalid\">mail</a>")]
    [InlineData("Smith & Sons", "Smith &amp; Sons")]
    [InlineData("3 < 4 > 2", "3 &lt; 4 &gt; 2")]
    [InlineData("&quot;quoted&quot; &amp; &#8220;curly&#8221;", "&quot;quoted&quot; &amp; \u201ccurly\u201d")]
    [InlineData("it's", "it&#39;s")]
    public void Allowed_markup_is_kept_and_text_is_encoded(string source, string expected) =>
        Assert.Equal(expected, Normalize(source));

    [Theory]
    [InlineData("<a href=\"https://a.example\"><a href=\"https://b.example\">x</a></a>", "a link may not contain another link")]
    [InlineData("</em>", "closing tag </em> has no matching opening tag")]
    [InlineData("&bogus;", "unknown character reference &bogus;")]
    [InlineData("<strong", "unterminated tag starting at character 1")]
    [InlineData("<!-- comment -->", "<!--> is not allowed; only <strong>, <em> and <a href> are")]
    public void Malformed_markup_is_refused_with_a_reason(string source, string message)
    {
        var e = Assert.Throws<InlineHtml.InvalidMarkupException>(() => InlineHtml.Parse(source));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Plain_text_drops_the_markup_and_decodes_entities() =>
        Assert.Equal("Vote: 31 to 12 & more", InlineHtml.ToPlainText("Vote: <strong>31 to 12</strong> &amp; <a href=\"https://a.example\">more</a>"));
}
