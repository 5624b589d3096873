using System.Net;
using Herald.Accounts;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Accounts;

// A session is checked against the account's security stamp once the validation interval
// (a minute) has passed since its cookie was issued, and not on every request before that.
public sealed class SessionStampTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_changed_security_stamp_ends_the_session_once_the_interval_has_passed(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var site = await TestSite.StartAsync(database, clock);
        var user = await TestAccounts.CreateAsync(site.Services, "stamp@example.org", "Stamp Reader");
        var client = site.Client();
        var (signedIn, _) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "stamp@example.org", ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(signedIn));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        // As a password change or a deactivation does.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
            Assert.True((await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!)).Succeeded);
        }
        clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(20));
        var after = await client.GetAsync(new Uri("/account", UriKind.Relative), Ct);
        Assert.True(Forms.IsRedirect(after));
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unchanged_stamp_keeps_the_session_past_the_interval(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var site = await TestSite.StartAsync(database, clock);
        await TestAccounts.CreateAsync(site.Services, "steady@example.org", "Steady Reader");
        var client = site.Client();
        var (signedIn, _) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "steady@example.org", ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(signedIn));
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(45));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/account", UriKind.Relative), Ct)).StatusCode);
        }
    }
}
