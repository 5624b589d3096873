using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Herald.Articles;
using Herald.Reading;

namespace Herald.Tests.Reading;

// PageWriter writes pages as UTF-8 in one pass: every value must come out exactly as the
// encoders it stands in for write it (Razor's HtmlEncoder for text and attributes, Html.Encode
// for comments, Utf8JsonWriter for JSON-LD), whatever the characters and however large the page.
public sealed class PageWriterTests
{
    // As the site configures it (ReadingSetup), and as .NET ships it.
    public static TheoryData<string> Encoders => ["site", "default"];

    private static HtmlEncoder Encoder(string name) =>
        name == "site" ? HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All)) : HtmlEncoder.Default;

    private static readonly string[] Texts =
    [
        "",
        "plain words",
        "<script>alert('x') & \"quotes\"</script>",
        "Grüße aus Köln – ✓",
        "emoji 😀 then <b> after it",
        "ÄÖÜ first, & last",
        "tab\tnew line\ncarriage\rnul\0bell\u0007",
        "zero\u200Bwidth, soft\u00ADhyphen, nbsp\u00A0, bom\uFEFF, private\uE000",
        "lone \uD800 surrogate and \uDC00 its pair's other half",
        new string('a', 70_000) + "<" + new string('ö', 30_000),
    ];

    [Theory]
    [MemberData(nameof(Encoders))]
    public void Text_is_encoded_as_the_html_encoder_encodes_it(string encoderName)
    {
        var encoder = Encoder(encoderName);
        foreach (var text in Texts)
        {
            Assert.Equal(encoder.Encode(text), PageWriter.Markup(encoder, w => w.Text(text)).Value);
        }
    }

    [Fact]
    public void Escaped_text_is_encoded_by_Herald_s_own_rules()
    {
        foreach (var text in Texts)
        {
            // As the page's bytes: a lone surrogate was always sent as U+FFFD.
            Assert.Equal(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(Html.Encode(text))), PageWriter.Markup(HtmlEncoder.Default, w => w.Escaped(text)).Value);
        }
    }

    [Fact]
    public void Markup_numbers_attributes_and_times_are_written_as_given()
    {
        var html = PageWriter.Markup(HtmlEncoder.Default, w => w.Raw("<p").Attr("title", "a \"b\"").Attr("hidden", null).Raw('>')
            .Raw('é').Raw("ü".AsSpan()).Text(-9_007_199_254_740_993).Raw(' ').Text(0).Raw("✓"u8).Raw("</p>")
            .Time(1_772_440_000_000, "2 March 2026"));
        Assert.Equal("<p title=\"a &quot;b&quot;\">éü-9007199254740993 0✓</p><time datetime=\"2026-03-02T08:26:40Z\">2 March 2026</time>", html.Value);
    }

    [Fact]
    public void Json_is_written_into_the_page_as_Utf8JsonWriter_writes_it_alone()
    {
        static void Write(Utf8JsonWriter w, string title)
        {
            w.WriteStartObject();
            w.WriteString("headline", title);
            w.WriteNumber("n", 3);
            w.WriteEndObject();
        }
        var title = "</script><b>Grüße & 😀";
        var expected = new ArrayBufferWriter<byte>();
        using (var alone = new Utf8JsonWriter(expected))
        {
            Write(alone, title);
        }
        var json = Encoding.UTF8.GetString(expected.WrittenSpan);
        Assert.DoesNotContain("</script>", json, StringComparison.Ordinal);
        // Twice on the same thread: the writer kept for the thread starts afresh each time.
        var html = PageWriter.Markup(HtmlEncoder.Default, w => w.Raw("<script>").Json(title, Write).Raw("</script><script>").Json(title, Write).Raw("</script>"));
        Assert.Equal($"<script>{json}</script><script>{json}</script>", html.Value);
    }

    [Fact]
    public async Task A_page_larger_than_its_first_buffer_is_sent_whole_and_as_Finish_gives_it()
    {
        var expected = new StringBuilder();
        var page = new PageWriter(HtmlEncoder.Default, 16);
        var copy = new PageWriter(HtmlEncoder.Default, 16);
        for (var i = 0; i < 20_000; i++)
        {
            var text = i % 3 == 0 ? $"<{i}>" : i % 3 == 1 ? $"Köln {i} " : "😀";
            page.Text(text);
            copy.Text(text);
            expected.Append(HtmlEncoder.Default.Encode(text));
        }
        using var sent = new MemoryStream();
        await page.SendAsync(sent);
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(sent.ToArray()));
        Assert.Equal(expected.ToString(), copy.Finish());
    }
}
