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
            html.Append(text[..next]).Append(Entity(text[next]));
            text = text[(next + 1)..];
        }
        html.Append(text);
    }

    // The characters Encode replaces, and what with.
    internal static readonly SearchValues<char> Special = SearchValues.Create("&<>\"'");

    internal static string Entity(char special) => special switch
    {
        '&' => "&amp;",
        '<' => "&lt;",
        '>' => "&gt;",
        '"' => "&quot;",
        _ => "&#39;",
    };

    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        Encode(builder, text);
        return builder.ToString();
    }
}
