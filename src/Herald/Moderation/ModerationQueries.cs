using Dapper;
using Herald.Data;

namespace Herald.Moderation;

public sealed class QueueItem
{
    public long Id { get; init; }
    public long ArticleId { get; init; }
    public string ArticleTitle { get; init; } = "";
    public string ArticlePath { get; init; } = "";
    public string SectionSlug { get; init; } = "";
    public long UserId { get; init; }
    public string AuthorName { get; init; } = "";
    public string Body { get; init; } = "";
    public string State { get; init; } = "";
    public string? Reason { get; init; }
    public int Reports { get; init; }
    public bool Featured { get; init; }
    public long CreatedAt { get; init; }
    public long? ParentId { get; init; }
}

public sealed class LogEntry
{
    public long? CommentId { get; init; }
    public string Action { get; init; } = "";
    public string? Reason { get; init; }
    public string? ModeratorName { get; init; }
    public long CreatedAt { get; init; }
}

public sealed class ModerationQueries(Db db)
{
    public static readonly IReadOnlyList<string> Queues = ["pending", "reported", "approved"];

    private const string Select =
        """
        SELECT c.id, c.article_id, a.title AS article_title, '/' || s.slug || '/' || a.slug AS article_path, s.slug AS section_slug,
               c.user_id, u.display_name AS author_name, c.body, c.state, c.reason, c.reports, c.featured, c.created_at, c.parent_id
        FROM comments c
        JOIN users u ON u.id = c.user_id
        JOIN articles a ON a.id = c.article_id
        JOIN sections s ON s.id = a.section_id
        """;

    // pending: waiting for a decision, oldest first; reported: reports on any visible or hidden
    // comment, most reported first; approved: recently approved, newest first.
    public async Task<IReadOnlyList<QueueItem>> QueueAsync(string queue, long? articleId, string? section, int limit = 100, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<QueueItem>(QueueSql(queue, articleId is not null, section is not null), new { articleId, section, limit })).ToList();
    }

    // Only the filters asked for are in the query: written as "(@articleId IS NULL OR ...)"
    // no index could serve them, and the queue of one article walked the site's whole queue
    // (every approved comment, for an article with fewer than a page of them). Filtered by
    // article, the approved queue compares its state as an expression, so that no SQLite
    // walks every approved comment in queue order instead of reading the article's (the
    // bundled one reads the article's either way; Debian's 3.40 walked).
    internal static string QueueSql(string queue, bool byArticle = false, bool bySection = false)
    {
        var (where, order) = queue switch
        {
            "reported" => (Reported("c."), "c.reports DESC, c.created_at"),
            "approved" => (byArticle ? "c.state || '' = 'approved'" : "c.state = 'approved'", "c.moderated_at DESC, c.id DESC"),
            _ => ("c.state = 'pending'", "c.created_at, c.id"),
        };
        return $"""
            {Select}
            WHERE {where}{(byArticle ? " AND c.article_id = @articleId" : "")}{(bySection ? " AND s.slug = @section" : "")}
            ORDER BY {order}
            LIMIT @limit
            """;
    }

    // Reported comments still visible or waiting. The state is compared as an expression
    // (state || ''), which no index serves: SQLite keeps no statistics here and would
    // otherwise take the state's index and walk every approved comment of the site instead of
    // the few in comments_reported (migration 0014). PostgreSQL plans it with statistics.
    internal static string Reported(string alias) =>
        $"{alias}reports > 0 AND {alias}state || '' IN ('approved', 'pending')";

    internal static readonly string ReportedCountSql = $"SELECT COUNT(*) FROM comments WHERE {Reported("")}";

    public async Task<(int Pending, int Reported)> CountsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var pending = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM comments WHERE state = 'pending'");
        var reported = await c.ExecuteScalarAsync<long>(ReportedCountSql);
        return ((int)pending, (int)reported);
    }

    public async Task<(string? Name, string? Email, string? Sanction, IReadOnlyList<QueueItem> Comments, IReadOnlyList<LogEntry> Log)> ReaderAsync(long readerId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var user = await c.OneOrNoneAsync<(string Name, string Email)>("SELECT display_name, email FROM users WHERE id = @readerId", new { readerId });
        var sanction = await c.OneOrNoneAsync<(long? Until, string Reason)>("SELECT until_at, reason FROM reader_sanctions WHERE user_id = @readerId", new { readerId });
        var comments = (await c.QueryAsync<QueueItem>($"{Select} WHERE c.user_id = @readerId ORDER BY c.created_at DESC LIMIT 200", new { readerId })).ToList();
        var log = (await c.QueryAsync<LogEntry>(
            """
            SELECT l.comment_id, l.action, l.reason, m.display_name AS moderator_name, l.created_at
            FROM moderation_log l LEFT JOIN users m ON m.id = l.moderator_id
            WHERE l.reader_id = @readerId ORDER BY l.created_at DESC, l.id DESC LIMIT 200
            """, new { readerId })).ToList();
        var sanctionText = sanction switch
        {
            null => null,
            { Until: null } s => $"banned: {s.Reason}",
            { Until: { } until } s => $"suspended until {DateTimeOffset.FromUnixTimeMilliseconds(until):yyyy-MM-dd HH:mm} UTC: {s.Reason}",
        };
        return (user?.Name, user?.Email, sanctionText, comments, log);
    }
}
