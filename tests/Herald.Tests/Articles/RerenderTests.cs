using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Tests.Support;

namespace Herald.Tests.Articles;

// After an upgrade that changes BlockRenderer.Version, the published pages rendered by the
// older renderer are rendered again (at start-up, by the background loop); nothing else is.
public sealed class RerenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_published_revisions_from_an_older_renderer_are_rendered_again(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var publisher = site.Get<Publisher>();
        var current = await site.PublishAsync(Samples.Article("rendered-before"));
        var gone = await site.PublishAsync(Samples.Article("taken-down"));
        Assert.True(await publisher.UnpublishAsync("taken-down", Ct));
        await using (var c = await site.Get<Db>().OpenAsync(Ct))
        {
            // As an older Herald would have left them.
            await c.ExecuteAsync("UPDATE article_revisions SET renderer_version = 0, body_html = 'stale' WHERE article_id IN (@a, @b)",
                new { a = current.ArticleId, b = gone.ArticleId });
        }

        Assert.Equal(1, await publisher.RerenderOutdatedAsync(ct: Ct));
        Assert.Equal(0, await publisher.RerenderOutdatedAsync(ct: Ct));

        await using var check = await site.Get<Db>().OpenAsync(Ct);
        var rows = (await check.QueryAsync<(long ArticleId, int Version, string Html)>(
            "SELECT article_id, renderer_version, body_html FROM article_revisions WHERE article_id IN (@a, @b)",
            new { a = current.ArticleId, b = gone.ArticleId })).ToDictionary(r => r.ArticleId);
        Assert.Equal(BlockRenderer.Version, rows[current.ArticleId].Version);
        Assert.NotEqual("stale", rows[current.ArticleId].Html);
        Assert.Contains("<p>", rows[current.ArticleId].Html, StringComparison.Ordinal);
        // The unpublished article keeps what it had: nobody can see it.
        Assert.Equal(0, rows[gone.ArticleId].Version);
        Assert.Equal("stale", rows[gone.ArticleId].Html);
    }
}
