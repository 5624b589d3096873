using System.Security.Claims;
using Herald.Data;
using Herald.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Herald.Accounts;

public static class HeraldClaims
{
    public const string Kind = "herald:kind";
    public const string DisplayName = "herald:display_name";

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}

public static class Policies
{
    public const string Staff = "staff";
    public const string Moderation = "moderation";
    public const string Administration = "administration";
}

public static class AccountsSetup
{
    public const string CookieName = ".herald.auth";

    // Users, passwords and tokens: what both the web server and `herald user` need.
    public static IServiceCollection AddAccountStore(this IServiceCollection services)
    {
        services.AddSingleton<Mailer>();
        services.AddScoped<IUserStore<User>, UserStore>();
        services.AddScoped<UserStore>();
        services.AddScoped<AccountData>();
        // Keys live in the database, so cookies and tokens issued by one node are valid on all.
        services.AddDataProtection().SetApplicationName("herald");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbKeyRepository(sp.GetRequiredService<Db>(), sp.GetRequiredService<TimeProvider>())));
        services.AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddClaimsPrincipalFactory<HeraldClaimsFactory>()
            .AddDefaultTokenProviders();
        // With SMTP configured, readers confirm their address before they can sign in (unless switched off).
        services.AddOptions<IdentityOptions>().Configure<HeraldOptions>((o, herald) =>
            o.SignIn.RequireConfirmedEmail = herald.RequireConfirmedEmail ?? !string.IsNullOrWhiteSpace(herald.Smtp.Host));
        return services;
    }

    // Sign-in cookies, roles and the setup gate: the web server only.
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<SetupGate>();
        services.AddHttpContextAccessor();
        new IdentityBuilder(typeof(User), services).AddSignInManager<HeraldSignInManager>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
        });
        // A deactivated account or a changed password logs out every session within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        // Identity's validator is resolved for every request (with a sign-in manager, a user
        // manager and a store behind it) only to find, nearly always, that the interval has not
        // passed yet. The same test is made here first, so it is resolved only when it will check.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SecurityStampValidatorOptions>>((o, stamp) =>
            {
                var validate = o.Events.OnValidatePrincipal;
                o.Events.OnValidatePrincipal = context => StampCheckDue(context, stamp.Value) ? validate(context) : Task.CompletedTask;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireClaim(HeraldClaims.Kind, UserKinds.Staff))
            .AddPolicy(Policies.Moderation, p => p.RequireClaim(HeraldClaims.Kind, UserKinds.Staff).RequireRole(Roles.Moderators.Split(',')))
            .AddPolicy(Policies.Administration, p => p.RequireClaim(HeraldClaims.Kind, UserKinds.Staff).RequireRole(Roles.Administrators.Split(',')));
        return services;
    }

    // SecurityStampValidator's own test: a cookie without an issue time, or issued longer
    // than the validation interval ago, is checked against the user's current stamp.
    internal static bool StampCheckDue(CookieValidatePrincipalContext context, SecurityStampValidatorOptions options)
    {
        if (context.Properties.IssuedUtc is not { } issued)
        {
            return true;
        }
        var now = (options.TimeProvider ?? context.HttpContext.RequestServices.GetRequiredService<TimeProvider>()).GetUtcNow();
        return now.Subtract(issued) > options.ValidationInterval;
    }
}

public sealed class HeraldClaimsFactory(UserManager<User> users, IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<User>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(HeraldClaims.Kind, user.Kind));
        identity.AddClaim(new Claim(HeraldClaims.DisplayName, user.DisplayName));
        if (user.Role is not null)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        }
        return identity;
    }
}

// Deactivated accounts cannot sign in (and lose their sessions at the next stamp check).
public sealed class HeraldSignInManager(
    UserManager<User> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<User> claims, IOptions<IdentityOptions> options,
    ILogger<SignInManager<User>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<User> confirmation)
    : SignInManager<User>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(User user) => user.Active && await base.CanSignInAsync(user);
}
