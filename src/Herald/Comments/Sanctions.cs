using System.Data.Common;
using Dapper;
using Herald.Data;

namespace Herald.Comments;

public static class Sanctions
{
    // The message a banned or suspended reader sees, or null.
    public static async Task<string?> ActiveAsync(DbConnection c, long userId, long now)
    {
        var sanction = await c.OneOrNoneAsync<(long? UntilAt, string Reason)>(
            "SELECT until_at, reason FROM reader_sanctions WHERE user_id = @userId AND (until_at IS NULL OR until_at > @now)", new { userId, now });
        return sanction switch
        {
            null => null,
            { UntilAt: null } s => $"Your account may not comment any more ({s.Reason}).",
            { UntilAt: { } until } s => $"Your account may not comment until {DateTimeOffset.FromUnixTimeMilliseconds(until):yyyy-MM-dd HH:mm} UTC ({s.Reason}).",
        };
    }
}
