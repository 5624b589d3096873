using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;

namespace Herald.Exchange;

// Writes every article as herald/article@1 JSON Lines: what the public sees for a
// published article, the latest revision otherwise, times in the site's zone.
public sealed class Exporter(Db db, HeraldOptions options)
{
    private sealed class Row
    {
        public long Id { get; init; }
        public string State { get; init; } = "";
        public string Document { get; init; } = "";
        public long? FirstPublishedAt { get; init; }
        public long? UpdatedAt { get; init; }
        public long? ScheduledAt { get; init; }
    }

    public async Task<int> ExportAsync(TextWriter output, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var redirects = (await c.QueryAsync<(long ArticleId, string Slug)>("SELECT article_id, slug FROM slug_redirects ORDER BY slug"))
            .ToLookup(r => r.ArticleId, r => r.Slug);
        var rows = await c.QueryAsync<Row>(
            """
            SELECT a.id, a.state, r.document, a.first_published_at, a.updated_at, a.scheduled_at
            FROM articles a
            JOIN article_revisions r ON r.id = CASE WHEN a.state = 'published' THEN a.published_revision_id ELSE a.current_revision_id END
            ORDER BY a.id
            """);
        var zone = options.Zone;
        var count = 0;
        foreach (var row in rows)
        {
            var doc = ArticleFormat.Parse(row.Document).Document!;
            DateTimeOffset? Local(long? ms) => ms is { } v ? TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(v), zone) : null;
            doc = row.State switch
            {
                ArticleStates.Published => doc with { Draft = false, Published = Local(row.FirstPublishedAt), Updated = Local(row.UpdatedAt) },
                ArticleStates.Scheduled => doc with { Draft = false, Published = Local(row.ScheduledAt) },
                _ => doc with { Draft = true },
            };
            doc = doc with { PreviousSlugs = redirects[row.Id].ToList() };
            await output.WriteLineAsync(ArticleJson.Write(doc));
            count++;
        }
        return count;
    }
}
