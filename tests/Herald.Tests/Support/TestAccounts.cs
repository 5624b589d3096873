using Dapper;
using Herald.Accounts;
using Herald.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Support;

public static class TestAccounts
{
    public const string Password = "correct horse battery";

    // Every test site gets an owner so the setup gate lets requests through; the row has
    // no password (no hashing cost): tests that sign in make their own accounts.
    public static async Task EnsureOwnerAsync(IServiceProvider services)
    {
        await using var c = await services.GetRequiredService<Db>().OpenAsync();
        await c.ExecuteAsync(
            """
            INSERT INTO users (email, normalized_email, display_name, password_hash, kind, role, active, email_confirmed, access_failed_count, security_stamp, created_at)
            VALUES ('owner@test.invalid', 'OWNER@TEST.INVALID', 'Test Owner', NULL, 'staff', 'owner', 1, 1, 0, 'stamp', 0)
            ON CONFLICT (normalized_email) DO NOTHING
            """);
    }

    public static async Task<User> CreateAsync(IServiceProvider services, string email, string name, string? role = null, bool confirmed = true)
    {
        await using var scope = services.CreateAsyncScope();
        var user = new User
        {
            Email = email,
            DisplayName = name,
            Kind = role is null ? UserKinds.Reader : UserKinds.Staff,
            Role = role,
            EmailConfirmed = confirmed,
        };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        return user;
    }
}
