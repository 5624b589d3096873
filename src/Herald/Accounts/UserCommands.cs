using System.CommandLine;
using System.Security.Cryptography;
using Herald.Data;
using Microsoft.AspNetCore.Identity;

namespace Herald.Accounts;

// herald user create: accounts from the command line, for automation and recovery.
public static class UserCommands
{
    public static Command Create(Func<ParseResult, Func<IServiceProvider, CancellationToken, Task<int>>, CancellationToken, Task<int>> withServices)
    {
        var user = new Command("user", "Manage staff and reader accounts");
        var email = new Option<string>("--email") { Description = "E-mail address (the sign-in name)", Required = true };
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var role = new Option<string?>("--role") { Description = $"Staff role: {string.Join(", ", Roles.Staff)}; leave out for a reader account" };
        var password = new Option<string?>("--password") { Description = "Password (at least 10 characters); a strong one is generated and printed when left out" };
        var create = new Command("create", "Create an account") { email, name, role, password };
        create.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            var chosenRole = result.GetValue(role);
            if (chosenRole is not null && !Roles.Staff.Contains(chosenRole))
            {
                await Console.Error.WriteLineAsync($"unknown role \"{chosenRole}\" (expected {string.Join(", ", Roles.Staff)})");
                return 2;
            }
            await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            var secret = result.GetValue(password) ?? GeneratePassword();
            await using var scope = services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            var account = new User
            {
                Email = result.GetValue(email)!.Trim(),
                DisplayName = result.GetValue(name)!.Trim(),
                Kind = chosenRole is null ? UserKinds.Reader : UserKinds.Staff,
                Role = chosenRole,
                EmailConfirmed = true,
            };
            var created = await users.CreateAsync(account, secret);
            if (!created.Succeeded)
            {
                foreach (var error in created.Errors)
                {
                    await Console.Error.WriteLineAsync(error.Description);
                }
                return 1;
            }
            Console.WriteLine($"created {(chosenRole ?? "reader")} account {account.Id}: {account.Email}");
            if (result.GetValue(password) is null)
            {
                Console.WriteLine($"password: {secret}");
            }
            return 0;
        }, ct));
        user.Subcommands.Add(create);
        return user;
    }

    public static string GeneratePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('/', 'x').Replace('+', 'z');
}
