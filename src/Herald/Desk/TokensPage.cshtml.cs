using System.Security.Claims;
using Herald.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Desk;

// Admins create API tokens (each acting with one role) and revoke them.
[Authorize(Policy = Policies.Administration)]
public sealed class TokensPageModel(ApiTokens tokens, AuditLog audit) : PageModel
{
    public static readonly IReadOnlyList<string> TokenRoles = [Roles.Contributor, Roles.Editor, Roles.Admin];

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public string? NewToken { get; private set; }

    public string? Problem { get; private set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string Role { get; set; } = Roles.Editor;

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        if (string.IsNullOrWhiteSpace(Name) || !TokenRoles.Contains(Role))
        {
            Problem = "Name the token and choose one of the roles offered.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync();
            return Page();
        }
        var (id, token) = await tokens.CreateAsync(Name.Trim(), Role, User.FindFirstValue(HeraldClaims.DisplayName) ?? "?");
        await audit.RecordAsync(User, "created API token", $"token {id} “{Name.Trim()}”", Role);
        // Shown in this response only: it is not stored and is never shown again.
        NewToken = token;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id)
    {
        if (await tokens.RevokeAsync(id))
        {
            await audit.RecordAsync(User, "revoked API token", $"token {id}");
            Notice = "The token was revoked; requests with it are refused from now on.";
        }
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        ViewData["Title"] = "API tokens";
        ViewData["DeskNav"] = "tokens";
        Tokens = await tokens.ListAsync();
    }
}
