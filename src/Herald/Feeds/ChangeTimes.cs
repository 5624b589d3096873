using System.Data.Common;
using Dapper;

namespace Herald.Feeds;

// Last-Modified for feeds and sitemaps. Their content changes not only when an article
// in them changes but also when one leaves them (unpublished, moved, retagged), which
// no remaining row shows; the change log records the cache tags of every such write.
public static class ChangeTimes
{
    // Only the newest rows are read, so the cost stays flat as the log grows.
    private const int Window = 500;

    // The time of the newest change that touched the cache tag. When none of the newest
    // rows did, the oldest of them is a safe upper bound: an answer later than the truth
    // costs a client a full response, one earlier would wrongly tell it "not modified".
    public static async Task<long> LastAsync(DbConnection c, string cacheTag)
    {
        var rows = (await c.QueryAsync<(long At, string Tags)>(
            $"SELECT at, tags FROM content_changes ORDER BY id DESC LIMIT {Window}")).ToList();
        foreach (var (at, tags) in rows)
        {
            if (tags.Split(' ').Contains(cacheTag, StringComparer.Ordinal))
            {
                return at;
            }
        }
        return rows.Count == Window ? rows[^1].At : 0;
    }
}
