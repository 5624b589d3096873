using Herald.Articles;
using Herald.Tests.Support;

namespace Herald.Tests.Articles;

public sealed class BlockRendererTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static string Render(Block block, string language = "en", Dictionary<string, RelatedLink>? related = null) =>
        BlockRenderer.Render([block], new RenderContext(language, Berlin, related ?? [])).Trim();

    [Fact]
    public void Paragraph_keeps_inline_markup_and_encodes_text() =>
        Assert.Equal("<p>The vote was <strong>31 to 12</strong> &amp; <a href=\"https://a.example/\">more</a></p>",
            Render(new ParagraphBlock("The vote was <strong>31 to 12</strong> & <a href=\"https://a.example/\">more</a>")));

    [Fact]
    public void Subheading_is_an_h2() =>
        Assert.Equal("<h2>Mutual &lt;claims&gt;</h2>", Render(new SubheadingBlock("Mutual <claims>")));

    [Fact]
    public void Quote_is_a_blockquote_with_speaker_and_role() =>
        Assert.Equal(
            "<figure class=\"quote\"><blockquote><p>collective, rapid and serious</p></blockquote><figcaption><span class=\"speaker\">Mara Holm</span>, <span class=\"role\">Opposition leader</span></figcaption></figure>",
            Render(new QuoteBlock("collective, rapid and serious", "Mara Holm", "Opposition leader")));

    [Fact]
    public void Image_has_alt_caption_and_credit()
    {
        var html = Render(new ImageBlock(new ImageRef("https://m.example/map.png", "Map of the \"eastern\" route", "The route", "City office", 800, 450)));
        Assert.Equal(
            "<figure class=\"image\"><img src=\"https://m.example/map.png\" alt=\"Map of the &quot;eastern&quot; route\" width=\"800\" height=\"450\" loading=\"lazy\" decoding=\"async\"><figcaption><span class=\"caption\">The route</span> <small class=\"credit\">City office</small></figcaption></figure>",
            html);
    }

    [Fact]
    public void Video_has_poster_captions_track_caption_and_composed_credit_line()
    {
        var html = Render(new VideoBlock
        {
            Src = "https://m.example/v.mp4",
            Poster = "https://m.example/v.jpg",
            Captions = "https://m.example/v.vtt",
            Caption = "Jo Angerer on the press conference",
            Programme = "Herald 24",
            AirTime = new DateTimeOffset(2022, 1, 21, 12, 0, 0, TimeSpan.Zero),
            Correspondent = "Jo Angerer",
            DurationSeconds = 95,
        });
        Assert.Contains("<video controls preload=\"none\" crossorigin=\"anonymous\" src=\"https://m.example/v.mp4\" poster=\"https://m.example/v.jpg\">", html, StringComparison.Ordinal);
        Assert.Contains("<track kind=\"captions\" src=\"https://m.example/v.vtt\" srclang=\"en\" label=\"English\" default>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"duration\">(1:35)</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"correspondent\">Correspondent: Jo Angerer</span>", html, StringComparison.Ordinal);
        Assert.Contains("<small class=\"credit\">Herald 24, 01/21/2022 1:00 p.m.</small>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_free_text_video_credit_wins_over_the_composed_one() =>
        Assert.Contains("<small class=\"credit\">Evening News 7 p.m., 2.3.2026</small>",
            Render(new VideoBlock { Src = "/media/v.mp4", Credit = "Evening News 7 p.m., 2.3.2026", Programme = "Ignored" }), StringComparison.Ordinal);

    [Fact]
    public void Audio_is_a_figure_with_controls() =>
        Assert.Equal("<figure class=\"audio\"><audio controls preload=\"none\" src=\"/media/a.mp3\"></audio><figcaption><span class=\"caption\">Interview</span> <small class=\"credit\">Radio</small></figcaption></figure>",
            Render(new AudioBlock("/media/a.mp3", "Interview", "Radio", null)));

    [Fact]
    public void Gallery_lists_every_image()
    {
        var html = Render(new GalleryBlock([new ImageRef("/a.jpg", "A", null, null, null, null), new ImageRef("/b.jpg", "B", null, null, null, null)], "Stops"));
        Assert.StartsWith("<section class=\"gallery\" aria-label=\"Stops\"><ul><li><figure class=\"gallery-image\"><img src=\"/a.jpg\" alt=\"A\"", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("<li>").Length - 1);
    }

    [Fact]
    public void Box_has_title_text_and_link() =>
        Assert.Equal("<aside class=\"box\"><h2>In numbers</h2><p>7.4 <em>km</em></p><p><a href=\"https://a.example/\">More</a></p></aside>",
            Render(new BoxBlock("In numbers", "7.4 <em>km</em>", new LinkRef("https://a.example/", "More"), null)));

    [Theory]
    [InlineData(false, "<ul><li>One</li><li><strong>Two</strong></li></ul>")]
    [InlineData(true, "<ol><li>One</li><li><strong>Two</strong></li></ol>")]
    public void List_is_bulleted_or_numbered(bool numbered, string expected) =>
        Assert.Equal(expected, Render(new ListBlock(numbered, ["One", "<strong>Two</strong>"])));

    [Fact]
    public void Related_links_name_the_published_articles_only()
    {
        var related = new Dictionary<string, RelatedLink> { ["budget-2026"] = new("/politics/budget-2026", "The budget", "Money") };
        var html = Render(new RelatedBlock(["budget-2026", "not-yet-published"]), related: related);
        Assert.Equal("<nav class=\"related\" aria-label=\"Related articles\"><h2>Related articles</h2><ul><li><a href=\"/politics/budget-2026\"><span class=\"topline\">Money</span> The budget</a></li></ul></nav>", html);
        Assert.Equal("", Render(new RelatedBlock(["not-yet-published"])));
    }

    [Fact]
    public void Embed_is_a_safe_link_card_never_third_party_html() =>
        Assert.Equal("<figure class=\"embed\"><a href=\"https://video.example.org/watch/123\" rel=\"noopener nofollow\">https://video.example.org/watch/123</a><figcaption>External content: video.example.org</figcaption></figure>",
            Render(new EmbedBlock("https://video.example.org/watch/123", null)));

    [Fact]
    public void Labels_follow_the_article_language() =>
        Assert.Contains("Mehr zum Thema", Render(new RelatedBlock(["x"]), "de", new() { ["x"] = new("/a/x", "X", null) }), StringComparison.Ordinal);

    [Fact]
    public void Rendering_is_pure()
    {
        var doc = Samples.Example();
        var context = new RenderContext("en", Berlin, new Dictionary<string, RelatedLink>());
        Assert.Equal(BlockRenderer.Render(doc.Blocks, context), BlockRenderer.Render(doc.Blocks, context));
    }

    [Theory]
    [InlineData("en", "2022-01-21T12:47:00Z", "01/21/2022 1:47 p.m.")]
    [InlineData("en", "2022-01-21T23:05:00Z", "01/22/2022 12:05 a.m.")]
    [InlineData("de", "2022-01-21T12:47:00Z", "21.01.2022 13:47 Uhr")]
    [InlineData("de", "2022-07-21T12:47:00Z", "21.07.2022 14:47 Uhr")]
    [InlineData("fr", "2022-01-21T12:47:00Z", "2022-01-21 13:47")]
    [InlineData("en", "2022-12-31T09:59:00Z", "12/31/2022 10:59 a.m.")]
    [InlineData("en", "2022-12-31T10:00:00Z", "12/31/2022 11:00 a.m.")]
    [InlineData("en", "2022-12-31T11:30:00Z", "12/31/2022 12:30 p.m.")]
    [InlineData("en-GB", "2022-12-31T21:09:00Z", "12/31/2022 10:09 p.m.")]
    [InlineData("en", "2022-12-31T23:00:00Z", "01/01/2023 12:00 a.m.")]
    [InlineData("de-AT", "2001-03-04T05:06:00Z", "04.03.2001 06:06 Uhr")]
    [InlineData("nl", "9999-12-31T20:59:00Z", "9999-12-31 21:59")]
    public void Status_times_are_shown_in_the_site_zone_in_the_article_language(string language, string utc, string expected) =>
        Assert.Equal(expected, Labels.FormatTime(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), language, Berlin));

    [Theory]
    [InlineData("2022-01-21T12:47:09.999Z", "2022-01-21T12:47:09Z")]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z")]
    [InlineData("0999-12-31T23:59:59Z", "0999-12-31T23:59:59Z")]
    public void Machine_readable_times_are_UTC_to_the_second(string utc, string expected)
    {
        var ms = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        Assert.Equal(expected, Herald.Reading.Times.Iso(ms));
        Span<char> written = stackalloc char[Herald.Reading.Times.IsoLength];
        Herald.Reading.Times.Iso(written, ms);
        Assert.Equal(expected, written.ToString());
    }
}
