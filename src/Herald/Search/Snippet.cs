using System.Text;
using Herald.Articles;

namespace Herald.Search;

// The passage of an article that best matches the query, HTML-encoded, with the
// matching words in <mark>. Words match by stem, so "talks" highlights "talk".
public static class Snippet
{
    // Only the opening of a long article is searched for the passage: stemming every word
    // of twenty long bodies would cost more than the search itself.
    private const int ScanChars = 3000;

    public static string Build(string text, string language, IReadOnlySet<string> stems, int maxChars = 240)
    {
        var words = SearchText.Matches(text.Length > ScanChars ? text[..ScanChars] : text, language, stems);
        if (words.Count == 0)
        {
            return "";
        }
        // The window of about maxChars characters with the most hits, starting at a word.
        var bestStart = 0;
        var bestHits = -1;
        for (int start = 0, end = 0, count = 0; start < words.Count; start++)
        {
            while (end < words.Count && words[end].Start + words[end].Length - words[start].Start <= maxChars)
            {
                count += words[end].Hit ? 1 : 0;
                end++;
            }
            if (count > bestHits)
            {
                (bestHits, bestStart) = (count, start);
            }
            count -= words[start].Hit ? 1 : 0;
        }
        var from = words[bestStart].Start;
        var html = new StringBuilder(maxChars + 64);
        if (from > 0)
        {
            html.Append('…');
        }
        var position = from;
        var limit = Math.Min(text.Length, from + maxChars);
        for (var i = bestStart; i < words.Count && words[i].Start + words[i].Length <= limit; i++)
        {
            var (start, length, hit) = words[i];
            Html.Encode(html, text[position..start].ReplaceLineEndings(" "));
            if (hit)
            {
                html.Append("<mark>");
                Html.Encode(html, text.AsSpan(start, length));
                html.Append("</mark>");
            }
            else
            {
                Html.Encode(html, text.AsSpan(start, length));
            }
            position = start + length;
        }
        if (position < text.Length)
        {
            html.Append('…');
        }
        return html.ToString();
    }
}
