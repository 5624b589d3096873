using Herald.Comments;

namespace Herald.Tests.Comments;

// A reader's plain text as the page shows it: paragraphs, line breaks and http(s) links;
// everything else encoded, control characters dropped.
public sealed class CommentTextTests
{
    [Theory]
    [InlineData("Hello there", "<p>Hello there</p>")]
    [InlineData("  padded  ", "<p>padded</p>")]
    [InlineData(" \n\t\n ", "")]
    [InlineData("one\r\ntwo\rthree\n\n\nfour", "<p>one<br>two<br>three</p><p>four</p>")]
    [InlineData("tab\tkept", "<p>tab\tkept</p>")]
    [InlineData("a\u0000b\u001bc\u007fd\u0085e", "<p>abcde</p>")]
    [InlineData("<b>bold</b> & 'quotes' \"too\"", "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &#39;quotes&#39; &quot;too&quot;</p>")]
    [InlineData("Read https://example.org/report.", "<p>Read <a href=\"https://example.org/report\" rel=\"nofollow ugc noopener\">https://example.org/report</a>.</p>")]
    [InlineData("(see http://a.example/x?q=1&r=2), then HTTPS://B.example!",
        "<p>(see <a href=\"http://a.example/x?q=1&amp;r=2\" rel=\"nofollow ugc noopener\">http://a.example/x?q=1&amp;r=2</a>), then " +
        "<a href=\"https://b.example/\" rel=\"nofollow ugc noopener\">HTTPS://B.example</a>!</p>")]
    [InlineData("javascript:alert(1) and ftp://files.example", "<p>javascript:alert(1) and ftp://files.example</p>")]
    [InlineData("first line\nhttps://example.org/a\"onmouseover=x", "<p>first line<br><a href=\"https://example.org/a\" rel=\"nofollow ugc noopener\">https://example.org/a</a>&quot;onmouseover=x</p>")]
    public void Plain_text_becomes_paragraphs_breaks_and_links(string text, string html) => Assert.Equal(html, CommentText.ToHtml(text));
}
