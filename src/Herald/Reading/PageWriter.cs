using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Herald.Articles;
using Microsoft.AspNetCore.Html;

namespace Herald.Reading;

// HTML written as UTF-8, for the markup Herald writes without Razor: the whole article page
// (ArticleHtml, with its discussion and JSON-LD) and the site's frame, which the Razor layout
// shares (SiteFrame). Text and attribute values go through the HtmlEncoder Razor uses (all of
// Unicode allowed, see ReadingSetup), so the markup is the same a template writes; markup is
// appended as is. The page is written as the bytes it is sent as, into one buffer rented
// from the shared pool: built as UTF-16 text first, a render allocated the page twice over
// (a builder's chunks and its encoding) and spent some 5 % of its time converting.
public sealed class PageWriter(HtmlEncoder encoder, int capacity = 1024) : IBufferWriter<byte>
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 256));
    private int length;

    // One JSON writer per thread, pointed at the page while a JSON-LD block is written.
    [ThreadStatic]
    private static Utf8JsonWriter? json;

    private static readonly ArrayBufferWriter<byte> Detached = new(1);

    public PageWriter Raw(string? markup)
    {
        Utf8(markup);
        return this;
    }

    public PageWriter Raw(ReadOnlySpan<char> markup)
    {
        Utf8(markup);
        return this;
    }

    public PageWriter Raw(char markup)
    {
        if (markup < 0x80)
        {
            Ensure(1);
            buffer[length++] = (byte)markup;
        }
        else
        {
            Utf8(new ReadOnlySpan<char>(in markup));
        }
        return this;
    }

    // Markup that is UTF-8 already (an article's body as stored, a u8 literal), copied as it is.
    public PageWriter Raw(ReadOnlySpan<byte> markup)
    {
        Ensure(markup.Length);
        markup.CopyTo(buffer.AsSpan(length));
        length += markup.Length;
        return this;
    }

    public PageWriter Text(string? text) => Text(text.AsSpan());

    // Encoded by the page's HtmlEncoder. Most text needs nothing encoded: it is converted
    // once, checked, and only from the first character to encode on written again.
    public PageWriter Text(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return this;
        }
        var start = length;
        if (!Utf8Strict(text))
        {
            // A lone surrogate: the encoder writes it as a character reference, which the
            // UTF-8 converted first would have lost; the text is encoded as UTF-16 instead.
            length = start;
            EncodeUtf16(text);
            return this;
        }
        var first = encoder.FindFirstCharacterToEncodeUtf8(buffer.AsSpan(start, length - start));
        if (first >= 0)
        {
            var tailLength = length - start - first;
            var tail = ArrayPool<byte>.Shared.Rent(tailLength);
            buffer.AsSpan(start + first, tailLength).CopyTo(tail);
            length = start + first;
            ReadOnlySpan<byte> rest = tail.AsSpan(0, tailLength);
            while (true)
            {
                Ensure(Math.Max(rest.Length, 64));
                var status = encoder.EncodeUtf8(rest, buffer.AsSpan(length), out var consumed, out var written);
                length += written;
                rest = rest[consumed..];
                if (status == OperationStatus.Done)
                {
                    break;
                }
            }
            ArrayPool<byte>.Shared.Return(tail);
        }
        return this;
    }

    // Encoded by Herald's own rules (Html.Encode: only the characters that can break out),
    // as a comment's text and name are, on the page and in the live stream alike.
    public PageWriter Escaped(ReadOnlySpan<char> text)
    {
        int next;
        while ((next = text.IndexOfAny(Html.Special)) >= 0)
        {
            Utf8(text[..next]);
            Utf8(Html.Entity(text[next]));
            text = text[(next + 1)..];
        }
        Utf8(text);
        return this;
    }

    // <time datetime="(ISO 8601)">shown</time>: a moment as readers and machines read it.
    public PageWriter Time(long unixMs, string shown)
    {
        Raw("<time datetime=\"");
        Span<char> iso = stackalloc char[Times.IsoLength];
        Times.Iso(iso, unixMs);
        return Raw(iso).Raw("\">").Text(shown).Raw("</time>");
    }

    public PageWriter Text(long number)
    {
        Ensure(20);
        number.TryFormat(buffer.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
        length += written;
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
        Raw(' ').Raw(name).Raw("=\"").Text(value);
        return Raw('"');
    }

    // JSON written by write straight into the page (the default encoder escapes "<" and
    // ">", so it cannot close a script element).
    public PageWriter Json<T>(T state, Action<Utf8JsonWriter, T> write)
    {
        var w = json ??= new Utf8JsonWriter(Detached);
        w.Reset(this);
        write(w, state);
        w.Flush();
        w.Reset(Detached);
        return this;
    }

    // The markup written, once: the buffer goes back to the pool.
    public string Finish()
    {
        var markup = Encoding.UTF8.GetString(buffer, 0, length);
        GiveBack();
        return markup;
    }

    // The markup written, once, copied to output.
    public void Finish(IBufferWriter<byte> output)
    {
        output.Write(buffer.AsSpan(0, length));
        GiveBack();
    }

    // The markup written, once, written to body. A body held back for its ETag (PooledBody)
    // takes the buffer itself instead of a copy of the page.
    public async Task SendAsync(Stream body)
    {
        if (body is PooledBody held)
        {
            held.Adopt(buffer, length);
            buffer = [];
            length = 0;
            return;
        }
        try
        {
            await body.WriteAsync(buffer.AsMemory(0, length));
        }
        finally
        {
            GiveBack();
        }
    }

    // Markup for a Razor view: what write writes, already encoded where it had to be.
    public static HtmlString Markup(HtmlEncoder encoder, Action<PageWriter> write)
    {
        var w = new PageWriter(encoder);
        write(w);
        return new HtmlString(w.Finish());
    }

    void IBufferWriter<byte>.Advance(int count) => length += count;

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint)
    {
        Ensure(Math.Max(sizeHint, 256));
        return buffer.AsMemory(length);
    }

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint)
    {
        Ensure(Math.Max(sizeHint, 256));
        return buffer.AsSpan(length);
    }

    private void Utf8(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        while (true)
        {
            var status = System.Text.Unicode.Utf8.FromUtf16(text, buffer.AsSpan(length), out var read, out var written);
            length += written;
            if (status == OperationStatus.Done)
            {
                return;
            }
            text = text[read..];
            Ensure(Math.Max(text.Length * 3, 16));
        }
    }

    // As Utf8, but false at the first lone surrogate instead of replacing it.
    private bool Utf8Strict(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        while (true)
        {
            var status = System.Text.Unicode.Utf8.FromUtf16(text, buffer.AsSpan(length), out var read, out var written, replaceInvalidSequences: false);
            length += written;
            if (status != OperationStatus.DestinationTooSmall)
            {
                return status == OperationStatus.Done;
            }
            text = text[read..];
            Ensure(Math.Max(text.Length * 3, 16));
        }
    }

    private void EncodeUtf16(ReadOnlySpan<char> text)
    {
        Span<char> encoded = stackalloc char[256];
        while (true)
        {
            var status = encoder.Encode(text, encoded, out var read, out var written);
            Utf8(encoded[..written]);
            if (status == OperationStatus.Done)
            {
                return;
            }
            text = text[read..];
        }
    }

    private void Ensure(int free)
    {
        if (buffer.Length - length >= free)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + free));
        buffer.AsSpan(0, length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    private void GiveBack()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
        length = 0;
    }
}

// A page written by a PageWriter, sent as UTF-8: written to the response's stream in one
// piece (through its BodyWriter, a pipe over the stream that ContentEtag puts in place, the
// page was copied once more, into segments allocated for it).
public static class WrittenPage
{
    public static Task SendAsync(HttpResponse response, PageWriter page)
    {
        response.ContentType = "text/html; charset=utf-8";
        return page.SendAsync(response.Body);
    }
}
