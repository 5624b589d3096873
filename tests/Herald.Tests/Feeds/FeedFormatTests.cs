using System.ServiceModel.Syndication;
using System.Xml.Linq;
using Herald.Articles;
using Herald.Tests.Support;
using static Herald.Tests.Feeds.FeedDocuments;

namespace Herald.Tests.Feeds;

// Each format read by a real parser or checked against its schema, item by item.
public sealed class FeedFormatTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ContentNs = "http://purl.org/rss/1.0/modules/content/";
    private const string DcNs = "http://purl.org/dc/elements/1.1/";

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_rss_feed_parses_and_has_every_element_rss_requires_with_full_items(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Example());
        var client = site.Client();

        var feed = await RssAsync(client, "/feeds/rss.xml");
        Assert.Equal("Herald News", feed.Title.Text);
        Assert.Equal("The latest news from Herald News", feed.Description.Text);
        Assert.Contains(feed.Links, l => l.Uri.AbsoluteUri == "http://localhost/");
        var item = Assert.Single(feed.Items);
        Assert.StartsWith("tag:localhost,", item.Id, StringComparison.Ordinal);
        Assert.Equal("Transport: Council approves the new tram line", item.Title.Text);
        Assert.Equal("http://localhost/politics/council-approves-tram-line", item.Links.Single(l => l.RelationshipType is null or "alternate").Uri.AbsoluteUri);
        Assert.Equal(Utc(2026, 3, 2, 8, 15), item.PublishDate);
        Assert.Equal("After two years of debate the council voted for the eastern route.", item.Summary.Text);
        var body = item.ElementExtensions.ReadElementExtensions<string>("encoded", ContentNs).Single();
        Assert.Contains("<strong>31 to 12</strong>", body, StringComparison.Ordinal);
        Assert.Equal(["Ana Ruiz"], item.ElementExtensions.ReadElementExtensions<string>("creator", DcNs));
        Assert.Equal(["Politics", "Transport", "City council"], item.Categories.Select(c => c.Name));
        // RSS carries one enclosure per item: the first medium.
        var enclosure = Assert.Single(item.Links, l => l.RelationshipType == "enclosure");
        Assert.Equal("https://media.example.org/tram.mp4", enclosure.Uri.AbsoluteUri);
        Assert.Equal("video/mp4", enclosure.MediaType);
        Assert.Equal(0, enclosure.Length);

        // What the parser does not surface: the required channel and item elements, and atom:link rel="self".
        var xml = XDocument.Parse(await client.GetStringAsync(new Uri("/feeds/rss.xml", UriKind.Relative), Ct));
        var channel = xml.Root!.Element("channel")!;
        Assert.Equal("2.0", xml.Root.Attribute("version")!.Value);
        foreach (var required in new[] { "title", "link", "description" })
        {
            Assert.False(string.IsNullOrWhiteSpace(channel.Element(required)?.Value), $"channel has no {required}");
        }
        var self = channel.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self");
        Assert.Equal("http://localhost/feeds/rss.xml", (string?)self.Attribute("href"));
        Assert.Equal("application/rss+xml", (string?)self.Attribute("type"));
        var rssItem = channel.Element("item")!;
        Assert.Equal("false", (string?)rssItem.Element("guid")!.Attribute("isPermaLink"));
        Assert.NotNull(rssItem.Element("pubDate"));
        Assert.Equal("2026-03-02T10:40:00Z", rssItem.Element(XNamespace.Get("http://purl.org/dc/terms/") + "modified")!.Value);
        XNamespace media = "http://search.yahoo.com/mrss/";
        Assert.Equal(
            ["video/mp4", "image/png", "audio/mpeg"],
            rssItem.Elements(media + "content").Select(m => (string)m.Attribute("type")!));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_atom_feed_parses_and_has_every_element_atom_requires(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Example());
        await site.PublishAsync(Samples.Article("older", section: "politics", published: Utc(2026, 3, 1, 7, 0)));
        var client = site.Client();

        var feed = await AtomAsync(client, "/feeds/section/politics/atom.xml");
        Assert.Equal("http://localhost/feeds/section/politics/atom.xml", feed.Id);
        Assert.Equal("Politics | Herald News", feed.Title.Text);
        // The feed's updated is its newest entry's status stamp.
        Assert.Equal(Utc(2026, 3, 2, 10, 40), feed.LastUpdatedTime);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsoluteUri == "http://localhost/feeds/section/politics/atom.xml");
        Assert.Contains(feed.Links, l => l.RelationshipType == "alternate" && l.Uri.AbsoluteUri == "http://localhost/politics");
        Assert.Equal("Herald News", Assert.Single(feed.Authors).Name);

        Assert.Equal(2, feed.Items.Count());
        var entry = feed.Items.First();
        Assert.StartsWith("tag:localhost,", entry.Id, StringComparison.Ordinal);
        Assert.Equal("Transport: Council approves the new tram line", entry.Title.Text);
        Assert.Equal(Utc(2026, 3, 2, 10, 40), entry.LastUpdatedTime);
        Assert.Equal(Utc(2026, 3, 2, 8, 15), entry.PublishDate);
        Assert.Equal("http://localhost/politics/council-approves-tram-line", entry.Links.Single(l => l.RelationshipType == "alternate").Uri.AbsoluteUri);
        var author = Assert.Single(entry.Authors);
        Assert.Equal("Ana Ruiz", author.Name);
        Assert.Equal("http://localhost/author/ana-ruiz", author.Uri);
        Assert.Equal(["politics", "transport", "city-council"], entry.Categories.Select(c => c.Name));
        Assert.Equal(["Politics", "Transport", "City council"], entry.Categories.Select(c => c.Label));
        Assert.Equal("After two years of debate the council voted for the eastern route.", entry.Summary.Text);
        var content = Assert.IsType<TextSyndicationContent>(entry.Content);
        Assert.Equal("html", content.Type);
        Assert.Contains("<strong>31 to 12</strong>", content.Text, StringComparison.Ordinal);
        Assert.Equal(
            [("https://media.example.org/tram.mp4", "video/mp4"), ("https://media.example.org/map.png", "image/png"), ("https://media.example.org/interview.mp3", "audio/mpeg")],
            entry.Links.Where(l => l.RelationshipType == "enclosure").Select(l => (l.Uri.AbsoluteUri, l.MediaType)));
        Assert.Equal("Testing: A test headline", feed.Items.Last().Title.Text);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_json_feed_matches_the_json_feed_1_1_schema(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Example());
        await site.PublishAsync(Samples.Article("auf-deutsch", language: "de"));
        var client = site.Client();

        var feed = await JsonFeedAsync(client, "/feeds/feed.json");
        Assert.Equal("https://jsonfeed.org/version/1.1", (string?)feed["version"]);
        Assert.Equal("http://localhost/feeds/feed.json", (string?)feed["feed_url"]);
        Assert.Equal("http://localhost/", (string?)feed["home_page_url"]);
        // Two languages: the feed names none, each item its own.
        Assert.Null(feed["language"]);
        var item = feed["items"]!.AsArray().Single(i => ((string?)i!["url"])!.EndsWith("/council-approves-tram-line", StringComparison.Ordinal))!;
        Assert.StartsWith("tag:localhost,", (string?)item["id"], StringComparison.Ordinal);
        Assert.Equal("Transport: Council approves the new tram line", (string?)item["title"]);
        Assert.Equal("2026-03-02T08:15:00Z", (string?)item["date_published"]);
        Assert.Equal("2026-03-02T10:40:00Z", (string?)item["date_modified"]);
        Assert.Equal("en", (string?)item["language"]);
        Assert.Equal("After two years of debate the council voted for the eastern route.", (string?)item["summary"]);
        Assert.Contains("<strong>31 to 12</strong>", (string?)item["content_html"], StringComparison.Ordinal);
        Assert.Equal("Ana Ruiz", (string?)item["authors"]![0]!["name"]);
        Assert.Equal(["Politics", "Transport", "City council"], item["tags"]!.AsArray().Select(t => (string?)t));
        var attachments = item["attachments"]!.AsArray();
        Assert.Equal(["video/mp4", "image/png", "audio/mpeg"], attachments.Select(a => (string?)a!["mime_type"]));
        Assert.Equal(95, (int?)attachments[0]!["duration_in_seconds"]);

        foreach (var path in new[] { "/feeds/section/world/feed.json", "/feeds/tag/testing/feed.json", "/feeds/author/ana-ruiz/feed.json" })
        {
            Assert.NotEmpty((await JsonFeedAsync(client, path))["items"]!.AsArray());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Summary_feeds_carry_the_lead_without_the_body(string database)
    {
        await using var site = await TestSite.StartAsync(database, null, ("Herald:FeedContent", "summary"));
        await site.PublishAsync(Samples.Example());
        var client = site.Client();

        var rss = await RssAsync(client, "/feeds/rss.xml");
        Assert.Empty(rss.Items.Single().ElementExtensions.ReadElementExtensions<string>("encoded", ContentNs));
        Assert.Equal("After two years of debate the council voted for the eastern route.", rss.Items.Single().Summary.Text);
        var atom = await AtomAsync(client, "/feeds/atom.xml");
        Assert.Null(atom.Items.Single().Content);
        Assert.Equal("After two years of debate the council voted for the eastern route.", atom.Items.Single().Summary.Text);
        var json = await JsonFeedAsync(client, "/feeds/feed.json");
        var item = json["items"]![0]!;
        Assert.Null(item["content_html"]);
        Assert.Equal("After two years of debate the council voted for the eastern route.", (string?)item["content_text"]);
        // Media stay: a reader still finds the video without the body.
        Assert.Equal(3, item["attachments"]!.AsArray().Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_configured_websub_hub_is_announced_in_every_format(string database)
    {
        const string hub = "https://hub.example.org/";
        await using var site = await TestSite.StartAsync(database, null, ("Herald:WebSubHub", hub));
        await site.PublishAsync(Samples.Article("hubbed"));
        var client = site.Client();

        var rss = XDocument.Parse(await client.GetStringAsync(new Uri("/feeds/section/world/rss.xml", UriKind.Relative), Ct));
        Assert.Contains(rss.Root!.Element("channel")!.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "hub" && (string?)l.Attribute("href") == hub);
        var atom = await AtomAsync(client, "/feeds/section/world/atom.xml");
        Assert.Contains(atom.Links, l => l.RelationshipType == "hub" && l.Uri.AbsoluteUri == hub);
        var json = await JsonFeedAsync(client, "/feeds/section/world/feed.json");
        Assert.Equal("WebSub", (string?)json["hubs"]![0]!["type"]);
        Assert.Equal(hub, (string?)json["hubs"]![0]!["url"]);
        var response = await client.GetAsync(new Uri("/feeds/section/world/atom.xml", UriKind.Relative), Ct);
        var link = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.Contains($"<{hub}>; rel=\"hub\"", link, StringComparison.Ordinal);
        Assert.Contains("<http://localhost/feeds/section/world/atom.xml>; rel=\"self\"", link, StringComparison.Ordinal);

        await using var plain = await TestSite.StartAsync(database);
        await plain.PublishAsync(Samples.Article("unhubbed"));
        Assert.DoesNotContain("rel=\"hub\"", await plain.Client().GetStringAsync(new Uri("/feeds/rss.xml", UriKind.Relative), Ct), StringComparison.Ordinal);
        Assert.False((await plain.Client().GetAsync(new Uri("/feeds/rss.xml", UriKind.Relative), Ct)).Headers.Contains("Link"));
        Assert.Null((await JsonFeedAsync(plain.Client(), "/feeds/feed.json"))["hubs"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Site_relative_links_and_media_become_absolute_in_feeds(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("with-local-media", blocks:
        [
            new ParagraphBlock("See <a href=\"/world/other\">the other story</a>."),
            new ImageBlock(new ImageRef("/media/2026/harbour.webp?w=800", "The harbour", null, null, null, null)),
            new AudioBlock("/media/2026/interview.ogg", null, null, 30),
        ]));
        var client = site.Client();

        var entry = (await AtomAsync(client, "/feeds/atom.xml")).Items.Single();
        var html = ((TextSyndicationContent)entry.Content).Text;
        Assert.Contains("href=\"http://localhost/world/other\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"http://localhost/media/2026/harbour.webp?w=800\"", html, StringComparison.Ordinal);
        Assert.Equal(
            [("http://localhost/media/2026/harbour.webp?w=800", "image/webp"), ("http://localhost/media/2026/interview.ogg", "audio/ogg")],
            entry.Links.Where(l => l.RelationshipType == "enclosure").Select(l => (l.Uri.AbsoluteUri, l.MediaType)));
        var json = await JsonFeedAsync(client, "/feeds/feed.json");
        Assert.Equal("http://localhost/media/2026/harbour.webp?w=800", (string?)json["items"]![0]!["image"]);
    }
}
