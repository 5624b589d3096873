using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Accounts;

public sealed class LoginPageModel(SignInManager<User> signIn, UserManager<User> users) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "Enter an e-mail address such as name@example.org.")]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter your password."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty]
    public bool Remember { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public void OnGet() => ViewData["Title"] = "Sign in";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Sign in";
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var user = await users.FindByEmailAsync(Email);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, Password, Remember, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            var fallback = user!.IsStaff ? "/desk" : "/";
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : fallback);
        }
        Problem = result.IsLockedOut
            ? "This account is locked for 15 minutes after too many failed attempts. Try again later, or reset your password."
            : result.IsNotAllowed
                ? "This account cannot sign in: it has been deactivated, or its e-mail address is not confirmed yet."
                : "The e-mail address or the password is not right.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
