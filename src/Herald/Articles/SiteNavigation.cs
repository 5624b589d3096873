using System.Data.Common;
using Dapper;

namespace Herald.Articles;

// The sections the site's frame links to on every page: those with a published article,
// by name. A write can change them without touching the pages that show them: a
// section's first published article, the unpublishing or moving of its last one, a
// rename. So each write that can change them reads the list when it begins and again
// before it commits, and when the two differ, evicts every page in the frame (those pages
// carry CacheTag).
public static class SiteNavigation
{
    // Carried by every page drawn in the site's frame besides its own tags.
    public const string CacheTag = "frame";

    public const string Sql =
        """
        SELECT s.slug, s.name FROM sections s
        WHERE EXISTS (SELECT 1 FROM articles a WHERE a.section_id = s.id AND a.state = 'published')
        ORDER BY s.name
        """;

    public static async Task<string[]> ReadAsync(DbConnection c, DbTransaction tx) =>
        (await c.QueryAsync<(string Slug, string Name)>(Sql, transaction: tx)).Select(s => s.Slug + "\t" + s.Name).ToArray();

    // Adds the frame's tag to the write's tags when the navigation is no longer what it was,
    // and the tag of each section that came, went or was renamed (its page and feed).
    public static async Task<HashSet<string>> CheckAsync(HashSet<string> tags, string[] before, DbConnection c, DbTransaction tx)
    {
        var after = await ReadAsync(c, tx);
        if (!after.SequenceEqual(before, StringComparer.Ordinal))
        {
            tags.Add(CacheTag);
            foreach (var changed in after.Except(before, StringComparer.Ordinal).Concat(before.Except(after, StringComparer.Ordinal)))
            {
                tags.Add("section:" + changed[..changed.IndexOf('\t', StringComparison.Ordinal)]);
            }
        }
        return tags;
    }
}
