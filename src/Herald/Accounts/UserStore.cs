using Dapper;
using Herald.Data;
using Microsoft.AspNetCore.Identity;

namespace Herald.Accounts;

// ASP.NET Core Identity's storage contract over Dapper: Identity does the hashing,
// lockout, tokens and cookies; this class only reads and writes the users table.
public sealed class UserStore(Db db, TimeProvider clock) :
    IUserPasswordStore<User>, IUserEmailStore<User>, IUserLockoutStore<User>, IUserSecurityStampStore<User>
{
    private const string Columns =
        "id, email, normalized_email, display_name, password_hash, kind, role, active, email_confirmed, access_failed_count, lockout_end, security_stamp, created_at";

    public async Task<IdentityResult> CreateAsync(User user, CancellationToken cancellationToken)
    {
        user.CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(cancellationToken);
        var id = await c.ExecuteScalarAsync<long?>(
            """
            INSERT INTO users (email, normalized_email, display_name, password_hash, kind, role, active, email_confirmed,
                               access_failed_count, lockout_end, security_stamp, created_at)
            VALUES (@Email, @NormalizedEmail, @DisplayName, @PasswordHash, @Kind, @Role, @active, @confirmed, @AccessFailedCount, @LockoutEnd, @SecurityStamp, @CreatedAt)
            ON CONFLICT (normalized_email) DO NOTHING
            RETURNING id
            """,
            new
            {
                user.Email, user.NormalizedEmail, user.DisplayName, user.PasswordHash, user.Kind, user.Role, active = user.Active ? 1 : 0,
                confirmed = user.EmailConfirmed ? 1 : 0, user.AccessFailedCount, user.LockoutEnd, user.SecurityStamp, user.CreatedAt,
            });
        if (id is null)
        {
            return IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail", Description = "An account with this e-mail address already exists." });
        }
        user.Id = id.Value;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(User user, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        await c.ExecuteAsync(
            """
            UPDATE users SET email = @Email, normalized_email = @NormalizedEmail, display_name = @DisplayName, password_hash = @PasswordHash,
                kind = @Kind, role = @Role, active = @active, email_confirmed = @confirmed, access_failed_count = @AccessFailedCount,
                lockout_end = @LockoutEnd, security_stamp = @SecurityStamp
            WHERE id = @Id
            """,
            new
            {
                user.Id, user.Email, user.NormalizedEmail, user.DisplayName, user.PasswordHash, user.Kind, user.Role, active = user.Active ? 1 : 0,
                confirmed = user.EmailConfirmed ? 1 : 0, user.AccessFailedCount, user.LockoutEnd, user.SecurityStamp,
            });
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> DeleteAsync(User user, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        await c.ExecuteAsync("DELETE FROM users WHERE id = @Id", new { user.Id });
        return IdentityResult.Success;
    }

    public async Task<User?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(userId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        await using var c = await db.OpenAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE id = @id", new { id });
    }

    public async Task<User?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => await FindByEmailAsync(normalizedUserName, cancellationToken);

    public async Task<User?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var c = await db.OpenAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<User>($"SELECT {Columns} FROM users WHERE normalized_email = @normalizedEmail", new { normalizedEmail });
    }

    public Task<string> GetUserIdAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // The e-mail address is the user name.
    public Task<string?> GetUserNameAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task SetUserNameAsync(User user, string? userName, CancellationToken cancellationToken)
    {
        user.Email = userName ?? user.Email;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedUserNameAsync(User user, string? normalizedName, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedName ?? user.NormalizedEmail;
        return Task.CompletedTask;
    }

    public Task SetPasswordHashAsync(User user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetEmailAsync(User user, string? email, CancellationToken cancellationToken)
    {
        user.Email = email ?? user.Email;
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Email);

    public Task<bool> GetEmailConfirmedAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.EmailConfirmed);

    public Task SetEmailConfirmedAsync(User user, bool confirmed, CancellationToken cancellationToken)
    {
        user.EmailConfirmed = confirmed;
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedEmailAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(User user, string? normalizedEmail, CancellationToken cancellationToken)
    {
        user.NormalizedEmail = normalizedEmail ?? user.NormalizedEmail;
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(User user, CancellationToken cancellationToken) =>
        Task.FromResult(user.LockoutEnd is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null);

    public Task SetLockoutEndDateAsync(User user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockoutEnd = lockoutEnd?.ToUnixTimeMilliseconds();
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(User user, CancellationToken cancellationToken) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(User user, CancellationToken cancellationToken)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(User user, CancellationToken cancellationToken) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(User user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetLockoutEnabledAsync(User user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetSecurityStampAsync(User user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(User user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public async Task<bool> AnyStaffAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE kind = 'staff' AND active = 1") > 0;
    }

    public void Dispose()
    {
    }
}
