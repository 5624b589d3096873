using System.Net;
using System.Text.RegularExpressions;
using Herald.Desk;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Herald.Tests.Desk;

public sealed partial class UsersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"https?://\S+/account/reset\S+")]
    private static partial Regex ResetLink();

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_invites_a_reporter_who_sets_a_password_and_signs_in(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var admin = await DeskClient.SignInAsync(site, "admin");
        var (invited, _) = await Forms.SubmitAsync(admin.Http, "/desk/users",
            new Dictionary<string, string> { ["DisplayName"] = "Nia Reporter", ["Email"] = "nia@herald.invalid", ["Role"] = "contributor" }, "form[action*=Invite]");
        Assert.True(Forms.IsRedirect(invited));

        // Mail goes out from the outbox table in the background; without SMTP it lands in <data>/outbox.
        var outbox = Path.Combine(site.DataDir, "outbox");
        var waited = TimeProvider.System.GetTimestamp();
        while (!(Directory.Exists(outbox) && Directory.GetFiles(outbox, "*.eml").Length > 0) && TimeProvider.System.GetElapsedTime(waited) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        var mail = Directory.GetFiles(outbox, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.ToString().Contains("nia@", StringComparison.Ordinal));
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);
        var reader = site.Client();
        var (set, _) = await Forms.SubmitAsync(reader, link.PathAndQuery, new Dictionary<string, string> { ["Password"] = "a brand new password" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var (signedIn, _) = await Forms.SubmitAsync(reader, "/account/login", new Dictionary<string, string> { ["Email"] = "nia@herald.invalid", ["Password"] = "a brand new password" });
        Assert.Equal("/desk", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri("/desk/articles/new", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal("invited", (await site.Get<AuditLog>().PageAsync(1)).Entries[0].Action);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Changing_a_role_and_deactivating_are_audited_and_deactivation_ends_the_session(string database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        await using var site = await TestSite.StartAsync(database, clock);
        var admin = await DeskClient.SignInAsync(site, "admin");
        // Not a hex-only name: the admin's generated address ends in a GUID, and one ending in
        // "ed" made "ed@herald.invalid" match two rows (a one-in-256 failure).
        var editor = await DeskClient.SignInAsync(site, "editor", "editor.person@herald.invalid");
        var (_, users) = await HtmlPage.GetAsync(admin.Http, "/desk/users");
        var row = users.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("editor.person@herald.invalid", StringComparison.Ordinal));
        var id = row.QuerySelector("input[name=id]")!.GetAttribute("value")!;

        var (changed, _) = await Forms.SubmitAsync(admin.Http, "/desk/users", new Dictionary<string, string> { ["id"] = id, ["role"] = "contributor" }, $"form[action*=Role]:has(input[value='{id}'])");
        Assert.True(Forms.IsRedirect(changed));
        var (deactivated, _) = await Forms.SubmitAsync(admin.Http, "/desk/users", new Dictionary<string, string> { ["id"] = id }, $"form[action*=Active]:has(input[value='{id}'])");
        Assert.True(Forms.IsRedirect(deactivated));

        clock.Advance(TimeSpan.FromMinutes(2));
        var after = await editor.Http.GetAsync(new Uri("/desk", UriKind.Relative), Ct);
        Assert.True(Forms.IsRedirect(after));
        Assert.Contains("/account/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var entries = (await site.Get<AuditLog>().PageAsync(1)).Entries;
        Assert.Equal(["deactivated", "changed role"], entries.Select(e => e.Action));
        Assert.Equal("editor → contributor", entries[1].Detail);
        var (_, audit) = await HtmlPage.GetAsync(admin.Http, "/desk/audit");
        Assert.Contains("deactivated", audit.QuerySelector("table")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_changes_the_owner_or_their_own_account_here()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var admin = await DeskClient.SignInAsync(site, "admin", "me@herald.invalid");
        var (_, users) = await HtmlPage.GetAsync(admin.Http, "/desk/users");
        foreach (var email in new[] { "owner@test.invalid", "me@herald.invalid" })
        {
            var row = users.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
            Assert.Empty(row.QuerySelectorAll("form"));
        }
        var (_, again) = await HtmlPage.GetAsync(admin.Http, "/desk/users");
        var token = again.QuerySelector("form[action*=Invite] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var (forced, _) = await Forms.PostAsync(admin.Http, "/desk/users?handler=Active", new Dictionary<string, string> { ["id"] = "1", ["active"] = "false", ["__RequestVerificationToken"] = token });
        Assert.True(DeskClient.IsDenied(forced));
    }
}
