using Herald.Accounts;
using Herald.Media;
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
        services.AddOptions<MediaOptions>().BindConfiguration("Herald:Media");
        services.AddOptions<FormOptions>().Configure<IOptions<MediaOptions>>((form, media) => form.MultipartBodyLengthLimit = media.Value.MaxUploadBytes + 64 * 1024);
        services.AddAuthorizationBuilder()
            .AddPolicy(DeskPolicies.Writers, p => p.RequireClaim(HeraldClaims.Kind, UserKinds.Staff)
                .RequireRole(Roles.Owner, Roles.Admin, Roles.Editor, Roles.Contributor));
        return services;
    }

    public static WebApplication MapDesk(this WebApplication app)
    {
        app.MapDeskAssets();
        app.MapMedia();
        return app;
    }
}
