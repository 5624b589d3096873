using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Herald.Data;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Accounts;

public sealed class MailOutboxTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Mail_queued_while_the_smtp_server_is_down_is_delivered_when_it_returns(string database)
    {
        var ct = TestContext.Current.CancellationToken;
        var port = MailCatcher.FreePort();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await using var site = await TestSite.StartAsync(database, clock,
            ("Herald:Smtp:Host", "127.0.0.1"), ("Herald:Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Herald:RequireConfirmedEmail", "false"));
        await TestAccounts.CreateAsync(site.Services, "patient@example.org", "Patient");
        await Forms.SubmitAsync(site.Client(), "/account/forgot", new Dictionary<string, string> { ["Email"] = "patient@example.org" });

        // Nothing listens on the port: the attempt fails and the message waits in the outbox.
        var loop = site.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Herald.Accounts.MailLoop>().Single();
        Assert.Equal(0, await loop.SendDueAsync(ct));
        await using (var c = await site.Get<Db>().OpenAsync(ct))
        {
            var (status, attempts, error) = await c.QuerySingleAsync<(string, int, string?)>("SELECT status, attempts, last_error FROM mail_outbox");
            Assert.Equal("pending", status);
            Assert.True(attempts >= 1);
            Assert.False(string.IsNullOrEmpty(error));
        }

        await using var mail = new MailCatcher(port);
        clock.Advance(TimeSpan.FromMinutes(5));
        await loop.SendDueAsync(ct);
        var message = await mail.WaitForAsync("patient@example.org", "Reset your");
        Assert.Contains("/account/reset?user=", message.TextBody, StringComparison.Ordinal);
        // The background loop may have been the one to send it; its bookkeeping follows the delivery.
        await using var after = await site.Get<Db>().OpenAsync(ct);
        var waited = TimeProvider.System.GetTimestamp();
        while (await after.ExecuteScalarAsync<string>("SELECT status FROM mail_outbox") != "sent" && TimeProvider.System.GetElapsedTime(waited) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(50, ct);
        }
        Assert.Equal("sent", await after.ExecuteScalarAsync<string>("SELECT status FROM mail_outbox"));
        Assert.Single(mail.Messages);
    }
}
