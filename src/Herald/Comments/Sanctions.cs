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
        return sanction is { } s ? Message(s.UntilAt, s.Reason) : null;
    }

    // What a reader under a sanction (until a time, or for good when null) sees.
    public static string Message(long? untilAt, string reason) => untilAt is { } until
        ? $"Your account may not comment until {DateTimeOffset.FromUnixTimeMilliseconds(until):yyyy-MM-dd HH:mm} UTC ({reason})."
        : $"Your account may not comment any more ({reason}).";
}
