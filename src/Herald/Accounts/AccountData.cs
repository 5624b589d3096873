using System.Text.Json;
using Dapper;
using Herald.Data;

namespace Herald.Accounts;

// A reader's right to their data: everything stored about them as JSON, and erasure.
public sealed class AccountData(Db db, ChangeLog changes)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public async Task<string> ExportAsync(User user, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var comments = await CommentsAsync(c, user.Id);
        return JsonSerializer.Serialize(new
        {
            account = new
            {
                id = user.Id,
                email = user.Email,
                displayName = user.DisplayName,
                kind = user.Kind,
                role = user.Role,
                emailConfirmed = user.EmailConfirmed,
                created = DateTimeOffset.FromUnixTimeMilliseconds(user.CreatedAt),
            },
            comments,
        }, Indented);
    }

    public async Task DeleteAsync(User user, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var discussions = (await c.QueryAsync<long>(DiscussionsSql, new { userId = user.Id }, tx))
            .Select(articleId => $"comments:{articleId}").ToHashSet(StringComparer.Ordinal);
        foreach (var statement in DeleteStatements)
        {
            await c.ExecuteAsync(statement, new { userId = user.Id }, tx);
        }
        await c.ExecuteAsync("DELETE FROM users WHERE id = @userId", new { userId = user.Id }, tx);
        // The pages that showed them are evicted once it is committed: cached, they would go on
        // showing what was erased.
        await changes.CommitAsync(c, tx, discussions, ct);
    }

    // The discussions that show the reader's comments or count their recommendations.
    internal const string DiscussionsSql =
        """
        SELECT article_id FROM comments WHERE user_id = @userId
        UNION SELECT c.article_id FROM comment_recommendations r JOIN comments c ON c.id = r.comment_id WHERE r.user_id = @userId
        """;

    // Erasure removes the reader's comments everywhere (replies to them stay, as threads of
    // their own) and every trace of their actions, the counts of their recommendations and
    // reports on other readers' comments included.
    internal static readonly string[] DeleteStatements =
    [
        "UPDATE comments SET recommendations = recommendations - 1 WHERE id IN (SELECT comment_id FROM comment_recommendations WHERE user_id = @userId)",
        "UPDATE comments SET reports = reports - 1 WHERE id IN (SELECT comment_id FROM comment_reports WHERE user_id = @userId) AND reports > 0",
        "DELETE FROM comment_recommendations WHERE user_id = @userId",
        "DELETE FROM comment_reports WHERE user_id = @userId",
        "DELETE FROM comment_recommendations WHERE comment_id IN (SELECT id FROM comments WHERE user_id = @userId)",
        "DELETE FROM comment_reports WHERE comment_id IN (SELECT id FROM comments WHERE user_id = @userId)",
        "UPDATE comments SET parent_id = NULL WHERE parent_id IN (SELECT id FROM comments WHERE user_id = @userId)",
        "DELETE FROM comments WHERE user_id = @userId",
        "DELETE FROM reader_sanctions WHERE user_id = @userId",
        "UPDATE moderation_log SET reader_id = NULL WHERE reader_id = @userId",
    ];

    private static async Task<object> CommentsAsync(System.Data.Common.DbConnection c, long userId) =>
        (await c.QueryAsync<(long Id, long ArticleId, string Body, string State, long CreatedAt)>(
            "SELECT id, article_id, body, state, created_at FROM comments WHERE user_id = @userId ORDER BY created_at", new { userId }))
        .Select(x => new { id = x.Id, articleId = x.ArticleId, text = x.Body, state = x.State, created = DateTimeOffset.FromUnixTimeMilliseconds(x.CreatedAt) }).ToList();
}
