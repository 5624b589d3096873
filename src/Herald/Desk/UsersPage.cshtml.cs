using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Dapper;
using Herald.Accounts;
using Herald.Data;
using Herald.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Desk;

public sealed class StaffRow
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Role { get; init; } = "";
    public bool Active { get; init; }
    public bool HasPassword { get; init; }
}

// Admins invite staff (the account is made at once and a set-password link is e-mailed),
// change their roles and deactivate them. The owner account is changed by nobody here,
// and nobody changes their own account, so the site can never lose its last administrator.
[Authorize(Policy = Policies.Administration)]
public sealed class UsersPageModel(Db db, UserManager<User> users, Mailer mailer, AuditLog audit, HeraldOptions options) : PageModel
{
    public static readonly IReadOnlyList<string> AssignableRoles = [Roles.Admin, Roles.Editor, Roles.Contributor, Roles.Moderator];

    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];

    [BindProperty, Required(ErrorMessage = "Enter the e-mail address to invite."), EmailAddress(ErrorMessage = "Enter an e-mail address such as name@example.org.")]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter the name shown with their work."), StringLength(100)]
    public string DisplayName { get; set; } = "";

    [BindProperty]
    public string Role { get; set; } = Roles.Contributor;

    [TempData]
    public string? Notice { get; set; }

    public long? Me => User.UserId();

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostInviteAsync()
    {
        if (!AssignableRoles.Contains(Role))
        {
            ModelState.AddModelError(nameof(Role), "Choose one of the roles offered.");
        }
        if (!ModelState.IsValid)
        {
            return await InvalidAsync();
        }
        var user = new User { Email = Email.Trim(), DisplayName = DisplayName.Trim(), Kind = UserKinds.Staff, Role = Role, EmailConfirmed = true };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            ModelState.AddModelError(nameof(Email), string.Join(" ", created.Errors.Select(e => e.Description)));
            return await InvalidAsync();
        }
        var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = $"{SiteUrlBase()}/account/reset?user={user.Id}&token={token}";
        await mailer.SendAsync(user.Email, $"You are invited to the {options.SiteName} desk",
            $"Hello {user.DisplayName},\n\nyou have been given a {user.Role} account on the {options.SiteName} desk. Choose your password here within a day:\n\n{link}\n\nThen sign in at {SiteUrlBase()}/account/login with {user.Email}.\n",
            HttpContext.RequestAborted);
        await audit.RecordAsync(User, "invited", $"user {user.Id} {user.Email}", user.Role);
        Notice = $"{user.DisplayName} was invited as {user.Role}; the set-password link went to {user.Email}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRoleAsync(long id, string role)
    {
        if (await ChangeableAsync(id) is not { } user)
        {
            return Forbid();
        }
        if (!AssignableRoles.Contains(role))
        {
            return BadRequest();
        }
        var was = user.Role;
        user.Role = role;
        await users.UpdateAsync(user);
        // A new security stamp makes open sessions pick up the new role at the next check.
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(User, "changed role", $"user {user.Id} {user.Email}", $"{was} → {role}");
        Notice = $"{user.DisplayName} is now {role}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostActiveAsync(long id, bool active)
    {
        if (await ChangeableAsync(id) is not { } user)
        {
            return Forbid();
        }
        user.Active = active;
        await users.UpdateAsync(user);
        // Sessions of a deactivated account end at the next security-stamp check.
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(User, active ? "reactivated" : "deactivated", $"user {user.Id} {user.Email}");
        Notice = active ? $"{user.DisplayName} can sign in again." : $"{user.DisplayName} was deactivated and signed out everywhere.";
        return RedirectToPage();
    }

    private async Task<User?> ChangeableAsync(long id)
    {
        var user = await users.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));
        return user is { Kind: UserKinds.Staff } && user.Role != Roles.Owner && user.Id != Me ? user : null;
    }

    private async Task<IActionResult> InvalidAsync()
    {
        await LoadAsync();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync()
    {
        ViewData["Title"] = "Users";
        ViewData["DeskNav"] = "users";
        await using var c = await db.OpenAsync();
        Staff = (await c.QueryAsync<StaffRow>(
            """
            SELECT id, email, display_name, role, active, CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password
            FROM users WHERE kind = 'staff' ORDER BY display_name LIMIT 1000
            """)).ToList();
    }

    private string SiteUrlBase() => Herald.Reading.SiteUrl.Base(HttpContext, options);
}
