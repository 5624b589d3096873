using System.Security.Claims;
using System.Text.Encodings.Web;
using Herald.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Herald.Desk;

// "Authorization: Bearer hrld_..." for the admin API. The principal carries the token's role
// as a staff member would, so the desk's policies apply unchanged. Cookies do not count on
// the API (no cross-site request can act there), tokens do not count on the desk's pages.
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "herald-token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = await tokens.FindAsync(header["Bearer ".Length..].Trim());
        if (token is null)
        {
            return AuthenticateResult.Fail("unknown or revoked token");
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "token:" + token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(HeraldClaims.Kind, UserKinds.Staff),
            new Claim(HeraldClaims.DisplayName, $"token “{token.Name}”"),
            new Claim(ClaimTypes.Role, token.Role),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"herald\"";
        return Task.CompletedTask;
    }
}
