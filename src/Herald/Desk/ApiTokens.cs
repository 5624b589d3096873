using System.Security.Cryptography;
using System.Text;
using Dapper;
using Herald.Data;

namespace Herald.Desk;

public sealed class ApiToken
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public long CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";
    public long? RevokedAt { get; init; }
}

// Bearer tokens for the admin API, each scoped to one staff role. Only a hash is stored:
// the token is shown once, when it is made.
public sealed class ApiTokens(Db db, TimeProvider clock)
{
    public const string Prefix = "hrld_";

    public async Task<(long Id, string Token)> CreateAsync(string name, string role, string by)
    {
        var token = Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var c = await db.OpenAsync();
        var id = await c.ExecuteScalarAsync<long>(
            "INSERT INTO api_tokens (name, role, token_hash, created_at, created_by) VALUES (@name, @role, @hash, @now, @by) RETURNING id",
            new { name, role, hash = Hash(token), now = clock.GetUtcNow().ToUnixTimeMilliseconds(), by });
        return (id, token);
    }

    public async Task<ApiToken?> FindAsync(string token)
    {
        await using var c = await db.OpenAsync();
        return await c.QuerySingleOrDefaultAsync<ApiToken>(
            "SELECT id, name, role, created_at, created_by, revoked_at FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
            new { hash = Hash(token) });
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync()
    {
        await using var c = await db.OpenAsync();
        return (await c.QueryAsync<ApiToken>("SELECT id, name, role, created_at, created_by, revoked_at FROM api_tokens ORDER BY id DESC LIMIT 500")).ToList();
    }

    public async Task<bool> RevokeAsync(long id)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }) == 1;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
