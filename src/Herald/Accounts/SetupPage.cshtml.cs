using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Accounts;

// First start on an empty database: create the owner. Until an owner exists every
// other page redirects here (SetupGate); afterwards this page is gone (404).
public sealed class SetupPageModel(UserManager<User> users, SignInManager<User> signIn, UserStore store, SetupGate gate) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Enter the owner's e-mail address."), EmailAddress(ErrorMessage = "Enter an e-mail address such as name@example.org.")]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Enter the owner's name."), StringLength(80, MinimumLength = 2, ErrorMessage = "The name must be 2 to 80 characters long.")]
    public string DisplayName { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Choose a password."), StringLength(200, MinimumLength = 10, ErrorMessage = "The password must be at least 10 characters long."), DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        ViewData["Title"] = "Set up Herald";
        return await store.AnyStaffAsync(HttpContext.RequestAborted) ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Set up Herald";
        if (await store.AnyStaffAsync(HttpContext.RequestAborted))
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var owner = new User { Email = Email.Trim(), DisplayName = DisplayName.Trim(), Kind = UserKinds.Staff, Role = Roles.Owner, EmailConfirmed = true };
        var result = await users.CreateAsync(owner, Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? nameof(Password) : nameof(Email), error.Description);
            }
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        gate.MarkDone();
        await signIn.SignInAsync(owner, isPersistent: false);
        return LocalRedirect("/");
    }
}

// Until the owner account exists, every page but /setup and the assets leads to /setup.
// Once an owner exists the answer never changes, so it is remembered.
public sealed class SetupGate(IServiceScopeFactory scopes)
{
    private volatile bool done;

    public void MarkDone() => done = true;

    public async Task<bool> IsDoneAsync(CancellationToken ct)
    {
        if (!done)
        {
            await using var scope = scopes.CreateAsyncScope();
            done = await scope.ServiceProvider.GetRequiredService<UserStore>().AnyStaffAsync(ct);
        }
        return done;
    }

    public static void Use(WebApplication app)
    {
        var gate = app.Services.GetRequiredService<SetupGate>();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (await gate.IsDoneAsync(context.RequestAborted) || path.StartsWithSegments("/setup", StringComparison.Ordinal) ||
                path.StartsWithSegments("/assets", StringComparison.Ordinal) || path.StartsWithSegments("/healthz", StringComparison.Ordinal) ||
                path.StartsWithSegments("/errors", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }
            context.Response.Redirect("/setup");
        });
    }
}
