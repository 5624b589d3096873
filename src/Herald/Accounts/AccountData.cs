using System.Text.Json;
using Dapper;
using Herald.Data;

namespace Herald.Accounts;

// A reader's right to their data: everything stored about them as JSON, and erasure.
public sealed class AccountData(Db db)
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
        foreach (var statement in DeleteStatements)
        {
            await c.ExecuteAsync(statement, new { userId = user.Id }, tx);
        }
        await c.ExecuteAsync("DELETE FROM users WHERE id = @userId", new { userId = user.Id }, tx);
        await tx.CommitAsync(ct);
    }

    // Erasure removes the reader's comments' text everywhere (threads that others replied
    // to keep their place, marked deleted) and every trace of their actions.
    internal static readonly string[] DeleteStatements =
    [
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
