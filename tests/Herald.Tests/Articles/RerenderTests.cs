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

    // Every start asks for outdated revisions: the index on the version answers, in revision
    // order, without visiting the revisions' rows (whose document and HTML fill overflow pages).
    [Fact]
    public async Task The_start_up_check_for_outdated_pages_reads_an_index_not_every_revision()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, Publisher.OutdatedSql, new { version = 1, after = 0, batch = 200 });
        Assert.Equal("SEARCH r USING INDEX article_revisions_by_renderer (renderer_version=? AND rowid>?)", plan[0]);
        // No scan of a table and no sort, whatever SQLite makes of the EXISTS.
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal) || p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        Assert.Contains(plan, p => p.Contains("USING INDEX articles_by_published_revision", StringComparison.Ordinal));
    }

    // Revisions left by more than one older renderer are all brought up to date.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Pages_from_every_older_renderer_are_rendered_again(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var oldest = await site.PublishAsync(Samples.Article("from-the-first-renderer"));
        var older = await site.PublishAsync(Samples.Article("from-the-second-renderer"));
        await using (var c = await site.Get<Db>().OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE article_revisions SET renderer_version = 0, body_html = 'stale' WHERE article_id = @id", new { id = oldest.ArticleId });
            await c.ExecuteAsync("UPDATE article_revisions SET renderer_version = @v, body_html = 'stale' WHERE article_id = @id", new { v = BlockRenderer.Version - 1, id = older.ArticleId });
        }

        Assert.Equal(2, await site.Get<Publisher>().RerenderOutdatedAsync(batch: 1, ct: Ct));

        await using var check = await site.Get<Db>().OpenAsync(Ct);
        Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM article_revisions WHERE renderer_version <> @v OR body_html = 'stale'", new { v = BlockRenderer.Version }));
    }
}
