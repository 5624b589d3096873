using System.Buffers;
using System.Text;

namespace Herald.Articles;

public static class Html
{
    // Text and attribute values both go through here; non-ASCII letters stay as they
    // are (the pages are UTF-8), only the characters that can break out are encoded.
    public static void Encode(StringBuilder html, ReadOnlySpan<char> text)
    {
        // Runs without anything to encode are appended whole.
        int next;
        while ((next = text.IndexOfAny(Special)) >= 0)
        {
            html.Append(text[..next]).Append(text[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            text = text[(next + 1)..];
        }
        html.Append(text);
    }

    private static readonly SearchValues<char> Special = SearchValues.Create("&<>\"'");

    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        Encode(builder, text);
        return builder.ToString();
    }
}
