using System.ComponentModel.DataAnnotations;
using System.Text;
using Herald.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Accounts;

public sealed class LogoutPageModel(SignInManager<User> signIn) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }
}

public sealed class DeniedPageModel : PageModel
{
    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        ViewData["Title"] = "Not allowed";
    }
}

public sealed class ConfirmPageModel(UserManager<User> users) : PageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? user, string? token)
    {
        ViewData["Title"] = "Confirm your e-mail address";
        if (user is not null && token is not null && await users.FindByIdAsync(user) is { } account)
        {
            try
            {
                Confirmed = (await users.ConfirmEmailAsync(account, Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token)))).Succeeded;
            }
            catch (FormatException)
            {
                Confirmed = false;
            }
        }
        if (!Confirmed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}

public sealed class ForgotPageModel(UserManager<User> users, Mailer mailer, HeraldOptions options) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter an e-mail address such as name@example.org.")]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public void OnGet() => ViewData["Title"] = "Reset your password";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Reset your password";
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        // The answer is the same whether or not the address has an account.
        if (await users.FindByEmailAsync(Email) is { Active: true } user)
        {
            var token = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            var link = $"{Request.Scheme}://{Request.Host}/account/reset?user={user.Id}&token={token}";
            await mailer.SendAsync(user.Email, $"Reset your {options.SiteName} password",
                $"Hello {user.DisplayName},\n\nto choose a new password, open this link within a day:\n\n{link}\n\nIf you did not ask for this, ignore this message; your password stays as it is.\n", HttpContext.RequestAborted);
        }
        Sent = true;
        return Page();
    }
}

public sealed class ResetPageModel(UserManager<User> users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty, Required(ErrorMessage = "Choose a new password."), StringLength(200, MinimumLength = 10, ErrorMessage = "The password must be at least 10 characters long."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public bool Done { get; private set; }

    public void OnGet() => ViewData["Title"] = "Choose a new password";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Choose a new password";
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        IdentityResult? result = null;
        if (user is not null && Token is not null)
        {
            try
            {
                result = await users.ResetPasswordAsync(user, Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Token)), Password);
            }
            catch (FormatException)
            {
            }
        }
        if (result is not { Succeeded: true })
        {
            ModelState.AddModelError(string.Empty, result?.Errors.FirstOrDefault(e => e.Code.StartsWith("Password", StringComparison.Ordinal))?.Description
                ?? "This reset link is not valid any more. Ask for a new one.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await users.ResetAccessFailedCountAsync(user!);
        await users.SetLockoutEndDateAsync(user!, null);
        Done = true;
        return Page();
    }
}

[Authorize]
public sealed class ProfilePageModel(UserManager<User> users, SignInManager<User> signIn, AccountData data) : PageModel
{
    public User Account { get; private set; } = null!;

    [BindProperty]
    public string? ConfirmDelete { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        ViewData["Title"] = "Your account";
        Account = (await users.GetUserAsync(User))!;
        return Page();
    }

    // Everything Herald stores about the reader, as one JSON file.
    public async Task<IActionResult> OnPostExportAsync()
    {
        var user = (await users.GetUserAsync(User))!;
        var json = await data.ExportAsync(user, HttpContext.RequestAborted);
        return File(Encoding.UTF8.GetBytes(json), "application/json", $"herald-account-{user.Id}.json");
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        ViewData["Title"] = "Your account";
        var user = (await users.GetUserAsync(User))!;
        if (user.IsStaff)
        {
            Account = user;
            Problem = "Staff accounts are deactivated by an administrator, not deleted here.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!string.Equals(ConfirmDelete?.Trim(), "delete", StringComparison.OrdinalIgnoreCase))
        {
            Account = user;
            Problem = "To delete your account, type the word delete into the box.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await data.DeleteAsync(user, HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        return LocalRedirect("/?account=deleted");
    }
}
