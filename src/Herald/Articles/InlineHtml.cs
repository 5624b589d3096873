using System.Net;
using System.Text;

namespace Herald.Articles;

public abstract record InlineNode;

public sealed record TextNode(string Text) : InlineNode;

public sealed record ElementNode(string Tag, string? Href, IReadOnlyList<InlineNode> Children) : InlineNode;

// The inline markup a paragraph may carry: <strong>, <em> and <a href> with an
// http, https or mailto link. Anything else is an error, never silently dropped.
public static class InlineHtml
{
    public sealed class InvalidMarkupException(string message) : Exception(message);

    public static IReadOnlyList<InlineNode> Parse(string source)
    {
        var root = new List<InlineNode>();
        var stack = new Stack<(string Tag, string? Href, List<InlineNode> Children)>();
        var text = new StringBuilder();
        var current = root;
        var i = 0;

        void FlushText()
        {
            if (text.Length > 0)
            {
                current.Add(new TextNode(text.ToString()));
                text.Clear();
            }
        }

        while (i < source.Length)
        {
            var ch = source[i];
            if (ch == '&')
            {
                i = ReadEntity(source, i, text);
                continue;
            }
            if (ch == '>')
            {
                text.Append('>');
                i++;
                continue;
            }
            if (ch != '<' || i + 1 >= source.Length || !(char.IsAsciiLetter(source[i + 1]) || source[i + 1] == '/' || source[i + 1] == '!'))
            {
                // A lone "<" (as in "a < b") is text in HTML too.
                text.Append(ch);
                i++;
                continue;
            }
            var end = source.IndexOf('>', i);
            if (end < 0)
            {
                throw new InvalidMarkupException($"unterminated tag starting at character {i + 1}");
            }
            var tag = source[(i + 1)..end];
            i = end + 1;
            FlushText();
            if (tag.StartsWith('/'))
            {
                var name = tag[1..].Trim();
                if (stack.Count == 0 || stack.Peek().Tag != name)
                {
                    throw new InvalidMarkupException(stack.Count == 0
                        ? $"closing tag </{name}> has no matching opening tag"
                        : $"closing tag </{name}> does not match the open <{stack.Peek().Tag}>");
                }
                var (openTag, href, children) = stack.Pop();
                current = stack.Count == 0 ? root : stack.Peek().Children;
                current.Add(new ElementNode(openTag, href, children));
                continue;
            }
            var (tagName, tagHref) = ParseOpenTag(tag);
            if (tagName == "a" && stack.Any(e => e.Tag == "a"))
            {
                throw new InvalidMarkupException("a link may not contain another link");
            }
            var list = new List<InlineNode>();
            stack.Push((tagName, tagHref, list));
            current = list;
        }
        FlushText();
        if (stack.Count > 0)
        {
            throw new InvalidMarkupException($"<{stack.Peek().Tag}> is never closed");
        }
        return root;
    }

    private static (string Name, string? Href) ParseOpenTag(string tag)
    {
        var name = tag.Split([' ', '\t', '\n', '\r', '/'], 2)[0];
        var rest = tag[name.Length..].Trim();
        switch (name)
        {
            case "strong" or "em":
                if (rest.Length > 0)
                {
                    throw new InvalidMarkupException($"<{name}> takes no attributes");
                }
                return (name, null);
            case "a":
                const string prefix = "href=";
                if (!rest.StartsWith(prefix, StringComparison.Ordinal) || rest.Length < prefix.Length + 2)
                {
                    throw new InvalidMarkupException("<a> needs exactly one attribute, href=\"...\"");
                }
                var quote = rest[prefix.Length];
                if (quote is not ('"' or '\'') || rest[^1] != quote || rest.Length < prefix.Length + 2)
                {
                    throw new InvalidMarkupException("<a> needs exactly one attribute, href=\"...\"");
                }
                var value = rest[(prefix.Length + 1)..^1];
                if (value.Contains(quote, StringComparison.Ordinal))
                {
                    throw new InvalidMarkupException("<a> needs exactly one attribute, href=\"...\"");
                }
                var href = WebUtility.HtmlDecode(value).Trim();
                if (!Urls.IsLink(href))
                {
                    throw new InvalidMarkupException($"link \"{href}\" is not an http, https or mailto URL");
                }
                return ("a", href);
            default:
                throw new InvalidMarkupException($"<{name}> is not allowed; only <strong>, <em> and <a href> are");
        }
    }

    private static int ReadEntity(string source, int start, StringBuilder text)
    {
        var semicolon = source.IndexOf(';', start);
        if (semicolon > start + 1 && semicolon - start <= 32)
        {
            var candidate = source[start..(semicolon + 1)];
            var decoded = WebUtility.HtmlDecode(candidate);
            if (decoded != candidate)
            {
                text.Append(decoded);
                return semicolon + 1;
            }
            if (!candidate.Contains(' ', StringComparison.Ordinal))
            {
                throw new InvalidMarkupException($"unknown character reference {candidate}");
            }
        }
        // A bare "&" (as in "Smith & Sons") is text.
        text.Append('&');
        return start + 1;
    }

    public static void Render(StringBuilder html, IReadOnlyList<InlineNode> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode t:
                    Html.Encode(html, t.Text);
                    break;
                case ElementNode { Tag: "a" } a:
                    html.Append("<a href=\"");
                    Html.Encode(html, a.Href!);
                    html.Append("\">");
                    Render(html, a.Children);
                    html.Append("</a>");
                    break;
                case ElementNode e:
                    html.Append('<').Append(e.Tag).Append('>');
                    Render(html, e.Children);
                    html.Append("</").Append(e.Tag).Append('>');
                    break;
            }
        }
    }

    public static string ToPlainText(string source)
    {
        var builder = new StringBuilder(source.Length);
        AppendText(builder, Parse(source));
        return builder.ToString();
    }

    private static void AppendText(StringBuilder builder, IReadOnlyList<InlineNode> nodes)
    {
        foreach (var node in nodes)
        {
            if (node is TextNode t)
            {
                builder.Append(t.Text);
            }
            else if (node is ElementNode e)
            {
                AppendText(builder, e.Children);
            }
        }
    }
}
