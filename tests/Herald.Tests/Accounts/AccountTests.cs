using System.Net;
using System.Text.RegularExpressions;
using Herald.Tests.Support;

namespace Herald.Tests.Accounts;

public sealed partial class AccountTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_empty_site_sends_everyone_to_setup_until_the_owner_exists(string database)
    {
        await using var site = await TestSite.StartAsync(database, null, (TestSite.NoOwner, ""));
        var client = site.Client();
        var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.True(Forms.IsRedirect(home));
        Assert.Equal("/setup", home.Headers.Location!.OriginalString);
        Assert.True(Forms.IsRedirect(await client.GetAsync(new Uri("/account/login", UriKind.Relative), Ct)));

        var (bad, badPage) = await Forms.SubmitAsync(client, "/setup", new Dictionary<string, string> { ["DisplayName"] = "Ida Owner", ["Email"] = "ida@herald.invalid", ["Password"] = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("The password must be at least 10 characters long.", badPage.QuerySelector("[data-valmsg-for=Password]")!.TextContent);
        Assert.Equal("ida@herald.invalid", badPage.QuerySelector("input[name=Email]")!.GetAttribute("value"));

        var (done, _) = await Forms.SubmitAsync(client, "/setup", new Dictionary<string, string> { ["DisplayName"] = "Ida Owner", ["Email"] = "ida@herald.invalid", ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(done));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/setup", UriKind.Relative), Ct)).StatusCode);
        var (_, account) = await HtmlPage.GetAsync(client, "/account");
        Assert.Contains("owner", account.QuerySelector(".account-facts")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_reader_registers_signs_out_and_signs_in_again(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var client = site.Client();
        var (registered, _) = await Forms.SubmitAsync(client, "/account/register",
            new Dictionary<string, string> { ["Email"] = "rosa@example.org", ["DisplayName"] = "Rosa", ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(registered));
        var (_, home) = await HtmlPage.GetAsync(client, "/");
        Assert.Equal("Rosa", home.QuerySelector(".header-account a")!.TextContent);

        await Forms.SubmitAsync(client, "/account/logout", new Dictionary<string, string>());
        var (_, after) = await HtmlPage.GetAsync(client, "/");
        Assert.Equal("Sign in", after.QuerySelector(".header-account a")!.TextContent);

        var (signedIn, _) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "rosa@example.org", ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(signedIn));
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("", "Rosa", "correct horse battery", "Email", "Enter your e-mail address.")]
    [InlineData("not-an-address", "Rosa", "correct horse battery", "Email", "Enter an e-mail address such as name@example.org.")]
    [InlineData("rosa@example.org", "", "correct horse battery", "DisplayName", "Choose the name shown with your comments.")]
    [InlineData("rosa@example.org", "Rosa", "short", "Password", "The password must be at least 10 characters long.")]
    public async Task A_failed_registration_says_why_beside_the_field_and_keeps_what_was_typed(string email, string name, string password, string field, string message)
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var (response, page) = await Forms.SubmitAsync(site.Client(), "/account/register",
            new Dictionary<string, string> { ["Email"] = email, ["DisplayName"] = name, ["Password"] = password });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, page.QuerySelector($"[data-valmsg-for={field}]")!.TextContent);
        Assert.Equal(email, page.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        Assert.Equal(name, page.QuerySelector("input[name=DisplayName]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_same_address_cannot_register_twice()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await TestAccounts.CreateAsync(site.Services, "taken@example.org", "First");
        var (response, page) = await Forms.SubmitAsync(site.Client(), "/account/register",
            new Dictionary<string, string> { ["Email"] = "taken@example.org", ["DisplayName"] = "Second", ["Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already", page.QuerySelector("[data-valmsg-for=Email]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Five_wrong_passwords_lock_the_account(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await TestAccounts.CreateAsync(site.Services, "target@example.org", "Target");
        var client = site.Client();
        for (var i = 0; i < 5; i++)
        {
            var (wrong, page) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "target@example.org", ["Password"] = "wrong password " + i });
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Equal("target@example.org", page.QuerySelector("input[name=Email]")!.GetAttribute("value"));
        }
        var (locked, lockedPage) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "target@example.org", ["Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.StartsWith("This account is locked for 15 minutes", lockedPage.QuerySelector("#login-problem")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_or_with_a_foreign_antiforgery_token_is_refused()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var client = site.Client();
        var (none, _) = await Forms.PostAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "a@example.org", ["Password"] = "whatever123" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);

        await using var other = await TestSite.StartAsync(TestDatabases.Sqlite);
        var (_, foreignPage) = await HtmlPage.GetAsync(other.Client(), "/account/login");
        var foreign = foreignPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await HtmlPage.GetAsync(client, "/account/login");
        var (forged, _) = await Forms.PostAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "a@example.org", ["Password"] = "whatever123", ["__RequestVerificationToken"] = foreign });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Confirmation_and_password_reset_mails_arrive_over_smtp()
    {
        await using var mail = new MailCatcher();
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite, null, mail.Settings);
        var client = site.Client();
        var (registered, page) = await Forms.SubmitAsync(client, "/account/register",
            new Dictionary<string, string> { ["Email"] = "mira@example.org", ["DisplayName"] = "Mira", ["Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Contains("confirmation link", page.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        var (notYet, notYetPage) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "mira@example.org", ["Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.BadRequest, notYet.StatusCode);
        Assert.Contains("not confirmed", notYetPage.QuerySelector("#login-problem")!.TextContent, StringComparison.Ordinal);

        var confirmation = await mail.WaitForAsync("mira@example.org", "Confirm your");
        var confirmLink = new Uri(Link().Match(confirmation.TextBody ?? "").Value);
        var (confirmed, confirmedPage) = await HtmlPage.GetAsync(client, confirmLink.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("confirmed", confirmedPage.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.True(Forms.IsRedirect((await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "mira@example.org", ["Password"] = TestAccounts.Password })).Response));

        await Forms.SubmitAsync(client, "/account/forgot", new Dictionary<string, string> { ["Email"] = "mira@example.org" });
        var reset = await mail.WaitForAsync("mira@example.org", "Reset your");
        var resetLink = new Uri(Link().Match(reset.TextBody ?? "").Value);
        var (changed, changedPage) = await Forms.SubmitAsync(client, resetLink.PathAndQuery, new Dictionary<string, string> { ["Password"] = "a brand new password" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("has been changed", changedPage.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        await Forms.SubmitAsync(client, "/account/logout", new Dictionary<string, string>());
        Assert.True(Forms.IsRedirect((await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "mira@example.org", ["Password"] = "a brand new password" })).Response));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_reader_downloads_their_data_and_deletes_their_account(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await TestAccounts.CreateAsync(site.Services, "leaving@example.org", "Leaving Reader");
        var client = site.Client();
        await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "leaving@example.org", ["Password"] = TestAccounts.Password });

        var (export, _) = await Forms.SubmitAsync(client, "/account", new Dictionary<string, string>(), "form[action$='handler=Export']");
        Assert.Equal("application/json", export.Content.Headers.ContentType!.MediaType);
        var json = System.Text.Json.JsonDocument.Parse(await export.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("Leaving Reader", json.GetProperty("account").GetProperty("displayName").GetString());

        var (refused, refusedPage) = await Forms.SubmitAsync(client, "/account", new Dictionary<string, string> { ["ConfirmDelete"] = "nope" }, "form[action$='handler=Delete']");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("To delete your account, type the word delete into the box.", refusedPage.QuerySelector(".form-problem")!.TextContent);

        var (deleted, _) = await Forms.SubmitAsync(client, "/account", new Dictionary<string, string> { ["ConfirmDelete"] = "delete" }, "form[action$='handler=Delete']");
        Assert.True(Forms.IsRedirect(deleted));
        var (login, _) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = "leaving@example.org", ["Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_are_never_served_from_the_shared_cache()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await TestAccounts.CreateAsync(site.Services, "named@example.org", "Named Reader");
        var anonymous = site.Client();
        await anonymous.GetStringAsync(new Uri("/", UriKind.Relative), Ct);
        var reader = site.Client();
        await Forms.SubmitAsync(reader, "/account/login", new Dictionary<string, string> { ["Email"] = "named@example.org", ["Password"] = TestAccounts.Password });
        Assert.Contains("Named Reader", await reader.GetStringAsync(new Uri("/", UriKind.Relative), Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("Named Reader", await anonymous.GetStringAsync(new Uri("/", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    // Erasing a reader runs in one transaction that holds up every other writer: each of its
    // statements finds the reader's rows through an index, none reads every comment,
    // recommendation or report of the site (nor does the check that no row names the deleted account).
    [Fact]
    public async Task Erasing_a_reader_reads_only_that_readers_rows()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(TestContext.Current.CancellationToken);
        foreach (var sql in Herald.Accounts.AccountData.DeleteStatements)
        {
            var plan = await QueryPlan.OfAsync(c, sql, new { userId = 7L });
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal));
        }
        var references = (await Dapper.SqlMapper.QueryAsync<(string Table, string Column)>(c,
            """
            SELECT m.name, f."from" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f."table" = 'users'
            """)).ToList();
        Assert.NotEmpty(references);
        foreach (var (table, column) in references)
        {
            var plan = await QueryPlan.OfAsync(c, $"SELECT 1 FROM {table} WHERE {column} = 7");
            Assert.True(plan.All(p => !p.StartsWith("SCAN", StringComparison.Ordinal)), $"{table}.{column}: {string.Join(" | ", plan)}");
        }
    }
}
