using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Herald.Reading;

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

    // The version of the formatting below. A comment's HTML is stored when it is written
    // (comments.body_html, with this as html_version); any change to how a comment is shown
    // must raise it, so that stored HTML of the old version is ignored and made again
    // (CommentWriter.RenderOutdatedAsync).
    public const int Version = 1;

    public static string ToHtml(string text)
    {
        var html = new PageWriter(HtmlEncoder.Default, text.Length + 64);
        AppendHtml(html, text);
        return html.Finish();
    }

    // Written into a page as it is built (CommentHtml): it runs for every comment shown, so
    // paragraphs and lines are walked as ranges of the text, not split into new strings.
    // Stored text is normalized already (CommentPosting); text that is not is normalized here.
    public static void AppendHtml(PageWriter html, ReadOnlySpan<char> text)
    {
        var normalized = text.Contains('\r') || text.ContainsAny(Dropped) ? Normalize(text.ToString()) : text.Trim();
        foreach (var range in ParagraphBreak().EnumerateSplits(normalized))
        {
            var paragraph = normalized[range].Trim();
            if (paragraph.IsEmpty)
            {
                continue;
            }
            html.Raw("<p>"u8);
            var first = true;
            foreach (var line in paragraph.Split('\n'))
            {
                if (!first)
                {
                    html.Raw("<br>"u8);
                }
                first = false;
                AppendLinked(html, paragraph[line]);
            }
            html.Raw("</p>"u8);
        }
    }

    private static void AppendLinked(PageWriter html, ReadOnlySpan<char> line)
    {
        var position = 0;
        foreach (var match in UrlPattern().EnumerateMatches(line))
        {
            // Trailing punctuation usually ends the sentence, not the URL.
            var url = line.Slice(match.Index, match.Length).TrimEnd(".,;:!?)");
            html.Escaped(line[position..match.Index]);
            if (Uri.TryCreate(url.ToString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                html.Raw("<a href=\""u8).Escaped(uri.AbsoluteUri).Raw("\" rel=\"nofollow ugc noopener\">"u8).Escaped(url).Raw("</a>"u8);
            }
            else
            {
                html.Escaped(url);
            }
            position = match.Index + url.Length;
        }
        html.Escaped(line[position..]);
    }
}
