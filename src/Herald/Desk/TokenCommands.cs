using System.CommandLine;
using Herald.Accounts;
using Herald.Data;

namespace Herald.Desk;

// herald token create --role ROLE --name NAME: a bearer token for the admin API, printed once.
public static class TokenCommands
{
    public static Command Create(Func<ParseResult, Func<IServiceProvider, CancellationToken, Task<int>>, CancellationToken, Task<int>> withServices)
    {
        var token = new Command("token", "Manage bearer tokens for the admin API (/api/v1/desk)");
        var role = new Option<string>("--role") { Description = "The staff role the token acts with: owner, admin, editor or contributor", Required = true };
        var name = new Option<string>("--name") { Description = "What the token is for (shown in the audit log)", Required = true };
        var create = new Command("create", "Create a token and print it (it cannot be shown again)") { role, name };
        create.SetAction((result, ct) => withServices(result, async (services, ct2) =>
        {
            var chosen = result.GetValue(role)!;
            if (!Workflow.MayWrite(chosen))
            {
                await Console.Error.WriteLineAsync($"unknown role \"{chosen}\" (expected {Roles.Owner}, {Roles.Admin}, {Roles.Editor} or {Roles.Contributor})");
                return 2;
            }
            await services.GetRequiredService<Migrator>().MigrateAsync(ct2);
            var tokens = new ApiTokens(services.GetRequiredService<Db>(), services.GetRequiredService<TimeProvider>());
            var (id, secret) = await tokens.CreateAsync(result.GetValue(name)!.Trim(), chosen, "command line");
            await Console.Error.WriteLineAsync($"created {chosen} token {id}; keep it safe, it is not shown again:");
            Console.WriteLine(secret);
            return 0;
        }, ct));
        token.Subcommands.Add(create);
        return token;
    }
}
