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

    // Features that store data about a user add their statements here (comments do).
    internal static readonly List<string> DeleteStatements = [];

    internal static Func<System.Data.Common.DbConnection, long, Task<object?>> CommentsAsync { get; set; } = (_, _) => Task.FromResult<object?>(null);
}
