using System.Net;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class StructuredDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IEnumerable<JsonElement> JsonLd(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent).RootElement);

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Articles_carry_breadcrumbs_twitter_cards_and_an_oembed_link(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Example());
        var (_, page) = await HtmlPage.GetAsync(site.Client(), "/politics/council-approves-tram-line");

        var breadcrumbs = JsonLd(page).Single(j => j.GetProperty("@type").GetString() == "BreadcrumbList");
        Assert.Equal(
            ["Herald News|http://localhost/", "Politics|http://localhost/politics", "Council approves the new tram line|http://localhost/politics/council-approves-tram-line"],
            breadcrumbs.GetProperty("itemListElement").EnumerateArray().Select(e => $"{e.GetProperty("name").GetString()}|{e.GetProperty("item").GetString()}"));

        var article = JsonLd(page).Single(j => j.GetProperty("@type").GetString() == "NewsArticle");
        foreach (var property in new[] { "headline", "description", "image", "datePublished", "dateModified", "author", "publisher", "inLanguage", "articleSection", "keywords", "correction" })
        {
            Assert.True(article.TryGetProperty(property, out _), $"NewsArticle lacks {property}");
        }
        Assert.Equal("http://localhost/author/ana-ruiz", article.GetProperty("author")[0].GetProperty("url").GetString());
        Assert.Equal("Transport, City council", article.GetProperty("keywords").GetString());

        Assert.Equal("summary_large_image", page.QuerySelector("meta[name='twitter:card']")!.GetAttribute("content"));
        Assert.Equal("Council approves the new tram line", page.QuerySelector("meta[name='twitter:title']")!.GetAttribute("content"));

        var oembedLink = page.QuerySelector("link[type='application/json+oembed']")!.GetAttribute("href")!;
        var oembed = JsonDocument.Parse(await site.Client().GetStringAsync(new Uri(oembedLink), Ct)).RootElement;
        Assert.Equal("rich", oembed.GetProperty("type").GetString());
        Assert.Equal("1.0", oembed.GetProperty("version").GetString());
        Assert.Equal("Council approves the new tram line", oembed.GetProperty("title").GetString());
        Assert.Contains("href=\"http://localhost/politics/council-approves-tram-line\"", oembed.GetProperty("html").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_oembed_endpoint_refuses_what_is_not_a_published_article(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("draft-only") with { Draft = true });
        var client = site.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/oembed?url=http://localhost/world/draft-only", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/oembed", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotImplemented, (await client.GetAsync(new Uri("/api/oembed?url=http://localhost/world/x&format=xml", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Translations_link_each_other_reciprocally_with_an_x_default(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var original = Samples.Article("tram-vote", title: "Tram vote") with { TranslationGroup = "tram-vote" };
        await site.PublishAsync(original);
        await site.PublishAsync(Samples.Article("strassenbahn", language: "de", title: "Straßenbahn", published: original.Published!.Value.AddHours(1)) with { TranslationGroup = "tram-vote" });

        foreach (var path in new[] { "/world/tram-vote", "/world/strassenbahn" })
        {
            var (_, page) = await HtmlPage.GetAsync(site.Client(), path);
            var links = page.QuerySelectorAll("link[rel=alternate][hreflang]").ToDictionary(l => l.GetAttribute("hreflang")!, l => l.GetAttribute("href"));
            Assert.Equal("http://localhost/world/tram-vote", links["en"]);
            Assert.Equal("http://localhost/world/strassenbahn", links["de"]);
            Assert.Equal("http://localhost/world/tram-vote", links["x-default"]);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task List_pages_describe_their_stories_as_an_item_list(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("listed", title: "Listed story"));
        foreach (var path in new[] { "/", "/world", "/tag/testing", "/author/ana-ruiz" })
        {
            var (_, page) = await HtmlPage.GetAsync(site.Client(), path);
            var collection = JsonLd(page).Single(j => j.GetProperty("@type").GetString() == "CollectionPage");
            var item = collection.GetProperty("mainEntity").GetProperty("itemListElement")[0];
            Assert.Equal("http://localhost/world/listed", item.GetProperty("url").GetString());
            Assert.Equal(1, item.GetProperty("position").GetInt32());
        }
    }
}
