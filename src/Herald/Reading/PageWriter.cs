using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace Herald.Reading;

// HTML written as text, for the markup Herald writes without Razor: the whole article page
// (ArticleHtml) and the site's frame, which the Razor layout shares (SiteFrame). Text and
// attribute values go through the HtmlEncoder Razor uses (all of Unicode allowed, see
// ReadingSetup), so the markup is the same a template writes; markup is appended as is.
public sealed class PageWriter(HtmlEncoder encoder, int capacity = 1024)
{
    // A builder belongs to one writer from Take to Finish; afterwards it is kept for the next
    // page written on the same thread (a fresh 16,000-character builder per render was a
    // measurable share of a page's allocations).
    [ThreadStatic]
    private static StringBuilder? spare;

    private const int KeptCapacity = 256 * 1024;

    private readonly StringBuilder html = Take(capacity);
    private StringWriter? writer;

    // For the writers that append to a StringBuilder themselves (CommentHtml).
    internal StringBuilder Builder => html;

    public PageWriter Raw(string? markup)
    {
        html.Append(markup);
        return this;
    }

    public PageWriter Raw(char markup)
    {
        html.Append(markup);
        return this;
    }

    public PageWriter Text(string? text)
    {
        if (text is { Length: > 0 })
        {
            encoder.Encode(writer ??= new StringWriter(html, CultureInfo.InvariantCulture), text);
        }
        return this;
    }

    // <time datetime="(ISO 8601)">shown</time>: a moment as readers and machines read it.
    public PageWriter Time(long unixMs, string shown) =>
        Raw("<time").Attr("datetime", Times.Iso(unixMs)).Raw('>').Text(shown).Raw("</time>");

    public PageWriter Text(long number)
    {
        html.Append(number.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    // name="value" after a space; left out entirely when the value is null, as Razor leaves
    // out an attribute whose only value is null.
    public PageWriter Attr(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }
        html.Append(' ').Append(name).Append("=\"");
        Text(value);
        html.Append('"');
        return this;
    }

    // The markup written, once: the builder goes back to the thread for the next page.
    public string Finish()
    {
        var markup = html.ToString();
        GiveBack();
        return markup;
    }

    // The markup written, once, as UTF-8 straight from the builder: a whole page as one
    // string would be a second copy, on the large-object heap once a discussion is long.
    public void Finish(IBufferWriter<byte> output)
    {
        var utf8 = Encoding.UTF8.GetEncoder();
        foreach (var chunk in html.GetChunks())
        {
            utf8.Convert(chunk.Span, output, flush: false, out _, out _);
        }
        utf8.Convert([], output, flush: true, out _, out _);
        GiveBack();
    }

    private void GiveBack()
    {
        if (html.Capacity <= KeptCapacity)
        {
            spare = html;
        }
    }

    // Markup for a Razor view: what write writes, already encoded where it had to be.
    public static HtmlString Markup(HtmlEncoder encoder, Action<PageWriter> write)
    {
        var w = new PageWriter(encoder);
        write(w);
        return new HtmlString(w.Finish());
    }

    private static StringBuilder Take(int capacity)
    {
        if (spare is { } kept)
        {
            spare = null;
            kept.Clear().EnsureCapacity(capacity);
            return kept;
        }
        return new StringBuilder(capacity);
    }
}

// A page written by a PageWriter, sent as UTF-8.
public static class WrittenPage
{
    public static Task SendAsync(HttpResponse response, PageWriter page)
    {
        response.ContentType = "text/html; charset=utf-8";
        page.Finish(response.BodyWriter);
        return response.BodyWriter.FlushAsync().AsTask();
    }
}
