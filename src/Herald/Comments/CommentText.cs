using System.Text;
using System.Text.RegularExpressions;
using Herald.Articles;

namespace Herald.Comments;

// A comment is plain text. Shown as paragraphs (blank lines), line breaks, and http(s)
// URLs made into links; everything else is encoded, so nothing a reader types is markup.
public static partial class CommentText
{
    [GeneratedRegex(@"https?://[^\s<>""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();

    // Line endings become \n; other control characters (NUL, escape sequences, bell...) are
    // dropped: they have no place in a comment and some databases refuse them.
    public static string Normalize(string text)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return unified.Any(c => char.IsControl(c) && c is not ('\n' or '\t'))
            ? new string(unified.Where(c => !char.IsControl(c) || c is '\n' or '\t').ToArray()).Trim()
            : unified.Trim();
    }

    public static int CountLinks(string text) => UrlPattern().Count(text);

    public static string ToHtml(string text)
    {
        var html = new StringBuilder(text.Length + 64);
        foreach (var paragraph in ParagraphBreak().Split(Normalize(text)))
        {
            if (paragraph.Trim().Length == 0)
            {
                continue;
            }
            html.Append("<p>");
            var lines = paragraph.Trim().Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    html.Append("<br>");
                }
                AppendLinked(html, lines[i]);
            }
            html.Append("</p>");
        }
        return html.ToString();
    }

    private static void AppendLinked(StringBuilder html, string line)
    {
        var position = 0;
        foreach (Match match in UrlPattern().Matches(line))
        {
            // Trailing punctuation usually ends the sentence, not the URL.
            var url = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            Html.Encode(html, line[position..match.Index]);
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                html.Append("<a href=\"");
                Html.Encode(html, uri.AbsoluteUri);
                html.Append("\" rel=\"nofollow ugc noopener\">");
                Html.Encode(html, url);
                html.Append("</a>");
            }
            else
            {
                Html.Encode(html, url);
            }
            position = match.Index + url.Length;
        }
        Html.Encode(html, line[position..]);
    }
}
