using System.Buffers;
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
        var unified = text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
        return unified.AsSpan().ContainsAny(Dropped)
            ? new string(unified.Where(c => !Dropped.Contains(c)).ToArray()).Trim()
            : unified.Trim();
    }

    // char.IsControl but for \n and \t.
    private static readonly SearchValues<char> Dropped = SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\n' or '\t'))]);

    public static int CountLinks(string text) => UrlPattern().Count(text);

    public static string ToHtml(string text)
    {
        var html = new StringBuilder(text.Length + 64);
        AppendHtml(html, text);
        return html.ToString();
    }

    // Written into a page as it is built (CommentHtml): it runs for every comment shown, so
    // paragraphs and lines are walked as ranges of the text, not split into new strings.
    public static void AppendHtml(StringBuilder html, string text)
    {
        ReadOnlySpan<char> normalized = Normalize(text);
        foreach (var range in ParagraphBreak().EnumerateSplits(normalized))
        {
            var paragraph = normalized[range].Trim();
            if (paragraph.IsEmpty)
            {
                continue;
            }
            html.Append("<p>");
            var first = true;
            foreach (var line in paragraph.Split('\n'))
            {
                if (!first)
                {
                    html.Append("<br>");
                }
                first = false;
                AppendLinked(html, paragraph[line]);
            }
            html.Append("</p>");
        }
    }

    private static void AppendLinked(StringBuilder html, ReadOnlySpan<char> line)
    {
        var position = 0;
        foreach (var match in UrlPattern().EnumerateMatches(line))
        {
            // Trailing punctuation usually ends the sentence, not the URL.
            var url = line.Slice(match.Index, match.Length).TrimEnd(".,;:!?)");
            Html.Encode(html, line[position..match.Index]);
            if (Uri.TryCreate(url.ToString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
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
