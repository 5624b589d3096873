using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using Herald.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Accounts;

// Reader registration. With SMTP configured the address must be confirmed (by default)
// before comments can be posted; the link goes out by e-mail.
public sealed class RegisterPageModel(UserManager<User> users, SignInManager<User> signIn, Mailer mailer, HeraldOptions options) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter an e-mail address such as name@example.org."), StringLength(200)]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Choose the name shown with your comments."), StringLength(50, MinimumLength = 2, ErrorMessage = "The display name must be 2 to 50 characters long.")]
    public string DisplayName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Choose a password."), StringLength(200, MinimumLength = 10, ErrorMessage = "The password must be at least 10 characters long."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool MustConfirm => options.RequireConfirmedEmail ?? mailer.Configured;

    public bool Done { get; private set; }

    public void OnGet() => ViewData["Title"] = "Create a reader account";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Create a reader account";
        if ((DisplayName ?? "").Any(char.IsControl))
        {
            ModelState.AddModelError(nameof(DisplayName), "The display name may only contain letters, digits, spaces and punctuation.");
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var user = new User { Email = Email.Trim(), DisplayName = (DisplayName ?? "").Trim(), Kind = UserKinds.Reader, EmailConfirmed = !MustConfirm };
        var result = await users.CreateAsync(user, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(Password) : nameof(Email), error.Description);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (MustConfirm)
        {
            var token = await users.GenerateEmailConfirmationTokenAsync(user);
            var link = $"{Request.Scheme}://{Request.Host}/account/confirm?user={user.Id}&token={WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token))}";
            await mailer.SendAsync(user.Email, $"Confirm your {options.SiteName} account",
                $"Hello {user.DisplayName},\n\nplease confirm your e-mail address by opening this link:\n\n{link}\n\nIf you did not create an account, ignore this message.\n", HttpContext.RequestAborted);
            Done = true;
            return Page();
        }
        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
