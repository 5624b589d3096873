using System.Globalization;
using Herald.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Moderation;

// A reader's history for moderators: every comment, every decision, and the ban or
// time-limited suspension controls.
[Authorize(Policy = Policies.Moderation)]
public sealed class ReaderPageModel(ModerationQueries queries, ModerationActions actions, TimeProvider clock) : PageModel
{
    public string? Name { get; private set; }
    public string? Email { get; private set; }
    public string? Sanction { get; private set; }
    public IReadOnlyList<QueueItem> Comments { get; private set; } = [];
    public IReadOnlyList<LogEntry> Log { get; private set; } = [];
    public long ReaderId { get; private set; }
    public string? Problem { get; private set; }

    [BindProperty]
    public string Action { get; set; } = "";

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int Days { get; set; } = 7;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        ReaderId = id;
        (Name, Email, Sanction, Comments, Log) = await queries.ReaderAsync(id, HttpContext.RequestAborted);
        ViewData["Title"] = $"Reader {Name}";
        ViewData["Robots"] = "noindex";
        return Name is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (Action is not ("ban" or "suspend" or "lift"))
        {
            return BadRequest();
        }
        if (Action != "lift" && string.IsNullOrWhiteSpace(Reason))
        {
            Problem = "Give a reason: the reader sees it when they try to comment.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(id);
            return Page();
        }
        if (Action == "suspend" && Days is < 1 or > 365)
        {
            Problem = "A suspension lasts 1 to 365 days.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(id);
            return Page();
        }
        DateTimeOffset? until = Action == "suspend" ? clock.GetUtcNow().AddDays(Days) : null;
        await actions.SanctionAsync(id, until, Reason?.Trim() ?? "lifted", User.UserId()!.Value, Action == "lift", HttpContext.RequestAborted);
        return RedirectToPage(new { id });
    }

    public static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
