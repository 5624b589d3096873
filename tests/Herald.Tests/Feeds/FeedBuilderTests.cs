using System.ServiceModel.Syndication;
using System.Xml;
using Herald.Articles;
using Herald.Feeds;

namespace Herald.Tests.Feeds;

// The pure parts of the feeds: entry shape, media types, links, ids and the writers'
// handling of text XML cannot carry.
public sealed class FeedBuilderTests
{
    [Theory]
    [InlineData("https://media.example.org/a/clip.mp4", "video", "video/mp4")]
    [InlineData("https://media.example.org/a/clip.webm?token=1", "video", "video/webm")]
    [InlineData("https://media.example.org/a/news.m3u8", "video", "application/vnd.apple.mpegurl")]
    [InlineData("/media/talk.mp3", "audio", "audio/mpeg")]
    [InlineData("/media/talk.m4a#t=10", "audio", "audio/mp4")]
    [InlineData("/media/talk.ogg?x=1", "audio", "audio/ogg")]
    [InlineData("/media/clip.ogg", "video", "video/ogg")]
    [InlineData("https://media.example.org/photo.JPG", "image", "image/jpeg")]
    [InlineData("/media/photo.webp?w=800", "image", "image/webp")]
    [InlineData("https://media.example.org/doc.pdf", "image", "application/pdf")]
    [InlineData("https://media.example.org/live/stream", "video", "application/octet-stream")]
    public void Enclosure_media_types_come_from_the_file_extension(string src, string medium, string expected) =>
        Assert.Equal(expected, FeedBuilder.MimeType(src, medium));

    [Fact]
    public void Site_relative_urls_in_the_body_become_absolute_and_others_stay()
    {
        const string html = "<p><a href=\"/world/x\">x</a> <a href=\"https://e.org/y\">y</a> <a href=\"//cdn.e.org/z\">z</a></p>" +
                            "<video src=\"/media/v.mp4\" poster=\"/media/v.jpg\"></video><p>href=\"/not-an-attribute\"</p>";
        Assert.Equal(
            "<p><a href=\"https://news.example.org/world/x\">x</a> <a href=\"https://e.org/y\">y</a> <a href=\"//cdn.e.org/z\">z</a></p>" +
            "<video src=\"https://news.example.org/media/v.mp4\" poster=\"https://news.example.org/media/v.jpg\"></video><p>href=\"/not-an-attribute\"</p>",
            FeedBuilder.AbsoluteLinks(html, "https://news.example.org"));
    }

    [Fact]
    public void An_entry_id_is_a_tag_uri_of_the_host_the_creation_day_and_the_article_id()
    {
        var created = new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal("tag:news.example.org,2026-03-02:article:42", FeedBuilder.EntryId("https://news.example.org:8443", 42, created));
    }

    [Fact]
    public void Video_audio_and_image_blocks_become_enclosures_once_each()
    {
        var doc = Herald.Tests.Support.Samples.Article("media", blocks:
        [
            new VideoBlock { Src = "https://m.example.org/v.mp4", DurationSeconds = 61 },
            new ParagraphBlock("Text."),
            new ImageBlock(new ImageRef("/media/i.png", "Alt", null, null, null, null)),
            new AudioBlock("https://m.example.org/a.mp3", null, null, null),
            new VideoBlock { Src = "https://m.example.org/v.mp4" },
            new GalleryBlock([new ImageRef("https://m.example.org/g.jpg", "Alt", null, null, null, null)], null),
        ]);
        Assert.Equal(
            [
                new FeedEnclosure("https://m.example.org/v.mp4", "video/mp4", "video", 61),
                new FeedEnclosure("https://site.example/media/i.png", "image/png", "image", null),
                new FeedEnclosure("https://m.example.org/a.mp3", "audio/mpeg", "audio", null),
            ],
            FeedBuilder.Enclosures(doc, "https://site.example"));
    }

    [Fact]
    public void Characters_xml_cannot_carry_are_dropped_and_the_feeds_still_parse()
    {
        var entry = new FeedEntry(
            "tag:e.org,2026-01-01:article:1", "https://e.org/world/a", "Bell\u0007 and \U0001F514 emoji", "Lead\u0000 text", "<p>Body\u001B</p>",
            0, 0, "en", null, [new FeedPerson("A\u0001uthor", "https://e.org/author/author")], [new FeedCategory("world", "World", "https://e.org/")], []);
        var feed = new Feed("Site", "About", "https://e.org/", new FeedUrls("https://e.org/r", "https://e.org/a", "https://e.org/j"), "en", 0, null,
            new FeedPerson("Site", "https://e.org/"), "https://e.org/logo.svg", [entry]);

        using var rss = XmlReader.Create(new MemoryStream(RssFeed.Write(feed)));
        var fromRss = SyndicationFeed.Load(rss);
        Assert.Equal("Bell and \U0001F514 emoji", fromRss.Items.Single().Title.Text);
        using var atom = XmlReader.Create(new MemoryStream(AtomFeed.Write(feed)));
        var fromAtom = SyndicationFeed.Load(atom);
        Assert.Equal("Lead text", fromAtom.Items.Single().Summary.Text);
        Assert.Equal("Author", fromAtom.Items.Single().Authors.Single().Name);
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("de", "de")]
    [InlineData("zh-TW", "zh-tw")]
    [InlineData("zh-Hant", "zh-tw")]
    [InlineData("zh", "zh-cn")]
    public void News_sitemap_languages_follow_google_news(string language, string expected) =>
        Assert.Equal(expected, SitemapXml.NewsLanguage(language));
}
