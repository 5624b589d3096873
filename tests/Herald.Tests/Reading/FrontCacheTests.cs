using System.Net;
using Herald.Reading;
using Herald.Tests.Comments;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

// The front cache answers anonymous GETs of public pages before the rest of the pipeline.
// It must serve exactly what the pipeline would, and never to someone it would not.
public sealed class FrontCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Keeps_the_bytes_and_headers_of_a_public_page_and_drops_them_on_an_update(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var doc = Samples.Article("front", title: "First headline");
        await site.PublishAsync(doc);
        var front = site.Get<FrontCache>();
        var client = site.Client();

        var rendered = await KeptAsync(client, front, "/world/front");
        var renderedBody = await rendered.Content.ReadAsByteArrayAsync(Ct);
        var served = await client.GetAsync(new Uri("/world/front", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(renderedBody, await served.Content.ReadAsByteArrayAsync(Ct));
        foreach (var header in new[] { "Surrogate-Key", "Content-Security-Policy", "X-Content-Type-Options", "Cache-Control", "ETag" })
        {
            Assert.Equal(string.Join(',', rendered.Headers.Concat(rendered.Content.Headers).First(h => h.Key == header).Value),
                string.Join(',', served.Headers.Concat(served.Content.Headers).First(h => h.Key == header).Value));
        }
        Assert.Equal(rendered.Content.Headers.LastModified, served.Content.Headers.LastModified);
        Assert.Equal(rendered.Content.Headers.ContentType, served.Content.Headers.ContentType);
        Assert.NotNull(served.Headers.Age);

        // A conditional request with the page's ETag: 304, with the validators and no body.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/world/front");
        conditional.Headers.IfNoneMatch.Add(served.Headers.ETag!);
        var notModified = await client.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(served.Headers.ETag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));

        await site.PublishAsync(doc with { Title = "Second headline", Updated = doc.Published!.Value.AddHours(1) });
        Assert.Equal(0, front.Count);
        var updated = await client.GetStringAsync(new Uri("/world/front", UriKind.Relative), Ct);
        Assert.Contains("Second headline", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("First headline", updated, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Signed_in_readers_query_strings_and_errors_go_through_the_pipeline(string database)
    {
        await using var site = await CommentSite.StartAsync(database);
        var (_, path) = await CommentSite.ArticleAsync(site, "front-reader", mode: "open");
        var front = site.Get<FrontCache>();
        var anonymous = site.Client();
        var anonymousPage = await (await KeptAsync(anonymous, front, path)).Content.ReadAsStringAsync(Ct);

        // The signed-in reader gets a page made for them (their name, the comment form), not the kept copy.
        var reader = await CommentSite.SignedInAsync(site, "frontreader@example.test", "Front Reader", "editor");
        var (response, page) = await HtmlPage.GetAsync(reader, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(page.QuerySelector("#comment-form textarea"));
        Assert.Contains("Front Reader", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Front Reader", anonymousPage, StringComparison.Ordinal);

        // Query strings are left to the output cache's rules; nothing new is kept in front.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(path + "?utm_source=test", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/world/no-such-story", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri("/world/no-such-story", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(1, front.Count);

        // A comment approved on the article drops the kept page (its discussion changed).
        var (posted, _) = await CommentSite.CommentAsync(reader, path, "A comment that changes the page.");
        Assert.True(Forms.IsRedirect(posted), $"posting answered {(int)posted.StatusCode}");
        Assert.Equal(0, front.Count);
        Assert.Contains("A comment that changes the page.", await anonymous.GetStringAsync(new Uri(path, UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    // A page rendered while an eviction ran is not kept, and the site's change poller (every
    // 0.2 s in tests) evicts once more after a publish: the page is fetched until its copy
    // has outlived two poll intervals, so what the test does next starts from a settled cache.
    private static async Task<HttpResponseMessage> KeptAsync(HttpClient client, FrontCache front, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (front.Count == 1)
            {
                await Task.Delay(500, Ct);
                if (front.Count == 1)
                {
                    return response;
                }
            }
            Assert.True(attempt < 20, $"{path} was never kept by the front cache");
            await Task.Delay(50, Ct);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Switched_off_with_the_output_cache(string database)
    {
        await using var site = await TestSite.StartAsync(database, null, ("Herald:OutputCache", "false"));
        await site.PublishAsync(Samples.Article("uncached-front"));
        var client = site.Client();
        for (var i = 0; i < 2; i++)
        {
            var response = await client.GetAsync(new Uri("/world/uncached-front", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Headers.Age);
        }
        Assert.Equal(0, site.Get<FrontCache>().Count);
    }
}
