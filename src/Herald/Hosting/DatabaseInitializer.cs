using Herald.Accounts;
using Herald.Data;
using Microsoft.AspNetCore.Identity;
using Herald.Demo;

namespace Herald.Hosting;

// Runs before the server accepts requests: schema first, then demo content into an empty site.
public sealed class DatabaseInitializer(Migrator migrator, DemoContent demo, HeraldOptions options, IServiceScopeFactory scopes, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        if (applied.Count > 0)
        {
            logger.LogInformation("Applied migrations {Migrations}", string.Join(", ", applied));
        }
        if (options.Demo)
        {
            var loaded = await demo.LoadIfEmptyAsync(cancellationToken);
            if (loaded > 0)
            {
                logger.LogInformation("Loaded {Count} demo articles into the empty site", loaded);
            }
            await CreateDemoOwnerAsync(cancellationToken);
        }
    }

    // Demo mode must run unattended, so instead of the setup page it makes an owner
    // account and prints its password, once.
    private async Task CreateDemoOwnerAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<UserStore>().AnyStaffAsync(ct))
        {
            return;
        }
        var password = UserCommands.GeneratePassword();
        var owner = new User { Email = "owner@herald.invalid", DisplayName = "Demo Owner", Kind = UserKinds.Staff, Role = Roles.Owner, EmailConfirmed = true };
        var result = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(owner, password);
        if (result.Succeeded)
        {
            logger.LogWarning("Demo owner account created: sign in at /account/login as {Email} with password {Password} (shown only now)", owner.Email, password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
