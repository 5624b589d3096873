using System.Security.Claims;
using Dapper;
using Herald.Accounts;
using Herald.Data;

namespace Herald.Desk;

public sealed class AuditEntry
{
    public long Id { get; init; }
    public long At { get; init; }
    public string UserName { get; init; } = "";
    public string Action { get; init; } = "";
    public string Subject { get; init; } = "";
    public string? Detail { get; init; }
}

// Who published, unpublished, scheduled, changed a role or deactivated an account.
public sealed class AuditLog(Db db, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task RecordAsync(ClaimsPrincipal by, string action, string subject, string? detail = null)
    {
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync(
            "INSERT INTO audit_log (at, user_id, user_name, action, subject, detail) VALUES (@at, @userId, @name, @action, @subject, @detail)",
            new
            {
                at = clock.GetUtcNow().ToUnixTimeMilliseconds(), userId = by.UserId(), name = by.FindFirstValue(HeraldClaims.DisplayName) ?? by.Identity?.Name ?? "?",
                action, subject, detail,
            });
    }

    public async Task<(IReadOnlyList<AuditEntry> Entries, bool HasNext)> PageAsync(int page)
    {
        await using var c = await db.OpenAsync();
        var rows = (await c.QueryAsync<AuditEntry>(
            "SELECT id, at, user_name, action, subject, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset",
            new { limit = PageSize + 1, offset = (Math.Max(page, 1) - 1) * PageSize })).ToList();
        return (rows.Take(PageSize).ToList(), rows.Count > PageSize);
    }
}
