using Herald.Accounts;
using Herald.Media;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Herald.Desk;

public static class DeskPolicies
{
    // Staff who write: contributors, editors, admins and the owner (not moderators).
    public const string Writers = "desk-writers";
}

public static class DeskSetup
{
    public static IServiceCollection AddDesk(this IServiceCollection services)
    {
        services.AddSingleton<DeskStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<MediaStore>();
        services.AddSingleton<ApiTokens>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null);
        services.AddOptions<MediaOptions>().BindConfiguration("Herald:Media");
        services.AddOptions<FormOptions>().Configure<IOptions<MediaOptions>>((form, media) => form.MultipartBodyLengthLimit = media.Value.MaxUploadBytes + 64 * 1024);
        services.AddAuthorizationBuilder()
            .AddPolicy(DeskPolicies.Writers, p => p.RequireClaim(HeraldClaims.Kind, UserKinds.Staff)
                .RequireRole(Roles.Owner, Roles.Admin, Roles.Editor, Roles.Contributor))
            .AddPolicy(DeskApi.Writers, p => p.AddAuthenticationSchemes(TokenAuthentication.SchemeName).RequireClaim(HeraldClaims.Kind, UserKinds.Staff)
                .RequireRole(Roles.Owner, Roles.Admin, Roles.Editor, Roles.Contributor))
            .AddPolicy(DeskApi.Editors, p => p.AddAuthenticationSchemes(TokenAuthentication.SchemeName).RequireClaim(HeraldClaims.Kind, UserKinds.Staff)
                .RequireRole(Roles.Owner, Roles.Admin, Roles.Editor));
        return services;
    }

    public static WebApplication MapDesk(this WebApplication app)
    {
        app.MapDeskAssets();
        app.MapMedia();
        app.MapDeskApi();
        return app;
    }
}
