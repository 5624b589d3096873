using Dapper;
using Herald.Data;
using Herald.Feeds;
using Herald.Tests.Support;

namespace Herald.Tests.Feeds;

// A feed's Last-Modified comes from the newest change log row that names its cache tag as a
// whole word; with no such row among the newest 500, from the oldest of them (an upper bound).
public sealed class ChangeTimesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_newest_change_naming_the_tag_as_a_whole_word_decides(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        await c.ExecuteAsync("DELETE FROM content_changes");
        const string Insert = "INSERT INTO content_changes (at, tags) VALUES (@at, @tags)";
        await c.ExecuteAsync(Insert, new { at = 1_000L, tags = "article:1 home tag:ice" });
        await c.ExecuteAsync(Insert, new { at = 2_000L, tags = "article:2 home tag:ice-hockey section:sport" });
        await c.ExecuteAsync(Insert, new { at = 3_000L, tags = "article:3 tag:ice-hockey" });

        Assert.Equal(3_000L, await ChangeTimes.LastAsync(c, "tag:ice-hockey"));
        Assert.Equal(2_000L, await ChangeTimes.LastAsync(c, "home"));
        Assert.Equal(2_000L, await ChangeTimes.LastAsync(c, "section:sport"));
        // A tag that another begins with, or ends with, is not found in it.
        Assert.Equal(1_000L, await ChangeTimes.LastAsync(c, "tag:ice"));
        Assert.Equal(1_000L, await ChangeTimes.LastAsync(c, "article:1"));
        Assert.Equal(0L, await ChangeTimes.LastAsync(c, "hockey"));

        // 500 newer rows without the tag: the oldest of them stands in for it.
        for (var i = 0; i < 500; i++)
        {
            await c.ExecuteAsync(Insert, new { at = 10_000L + i, tags = $"article:{100 + i} home" });
        }
        Assert.Equal(10_000L, await ChangeTimes.LastAsync(c, "tag:ice-hockey"));
        Assert.Equal(10_499L, await ChangeTimes.LastAsync(c, "home"));
    }
}
