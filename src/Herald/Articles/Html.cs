using System.Text;

namespace Herald.Articles;

public static class Html
{
    // Text and attribute values both go through here; non-ASCII letters stay as they
    // are (the pages are UTF-8), only the characters that can break out are encoded.
    public static void Encode(StringBuilder html, string text)
    {
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(ch); break;
            }
        }
    }

    public static string Encode(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        Encode(builder, text);
        return builder.ToString();
    }
}
