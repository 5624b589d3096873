using Herald.Accounts;
using Herald.Comments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Moderation;

[Authorize(Policy = Policies.Moderation)]
public sealed class ModerationPageModel(ModerationQueries queries, ModerationActions actions, Discussions discussions) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "queue")]
    public string Queue { get; set; } = "pending";

    [BindProperty(SupportsGet = true, Name = "article")]
    public long? ArticleId { get; set; }

    [BindProperty(SupportsGet = true, Name = "section")]
    public string? Section { get; set; }

    [BindProperty]
    public List<long> Selected { get; set; } = [];

    [BindProperty]
    public long? CommentId { get; set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public bool Featured { get; set; }

    [BindProperty]
    public string? Mode { get; set; }

    public IReadOnlyList<QueueItem> Items { get; private set; } = [];
    public (int Pending, int Reported) Counts { get; private set; }
    public string? Notice { get; private set; }
    public string? Problem { get; private set; }
    public DiscussionState? ArticleDiscussion { get; private set; }

    public async Task OnGetAsync()
    {
        Queue = ModerationQueries.Queues.Contains(Queue) ? Queue : "pending";
        ViewData["Title"] = "Moderation";
        ViewData["Robots"] = "noindex";
        Items = await queries.QueueAsync(Queue, ArticleId, string.IsNullOrWhiteSpace(Section) ? null : Section, ct: HttpContext.RequestAborted);
        Counts = await queries.CountsAsync(HttpContext.RequestAborted);
        if (ArticleId is { } id)
        {
            ArticleDiscussion = await discussions.StateAsync(id, HttpContext.RequestAborted);
        }
    }

    // One comment's buttons, or the bulk form with checkboxes: the same decision for all.
    public async Task<IActionResult> OnPostDecideAsync()
    {
        var ids = CommentId is { } one ? [one] : Selected;
        if (Decision is null || !Decisions.All.Contains(Decision) || ids.Count == 0)
        {
            Problem = ids.Count == 0 ? "Select at least one comment first." : "Choose approve, reject or spam.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }
        if (Decision == Decisions.Reject && string.IsNullOrWhiteSpace(Reason))
        {
            Reason = "It breaks our discussion rules.";
        }
        await actions.DecideAsync(ids, Decision, Reason?.Trim(), User.UserId()!.Value, HttpContext.RequestAborted);
        return RedirectToPage(new { queue = Queue, article = ArticleId, section = Section });
    }

    public async Task<IActionResult> OnPostFeatureAsync()
    {
        if (CommentId is { } id)
        {
            await actions.FeatureAsync(id, Featured, User.UserId()!.Value, HttpContext.RequestAborted);
        }
        return RedirectToPage(new { queue = Queue, article = ArticleId, section = Section });
    }

    // A section's mode applies to its articles that set no policy of their own.
    public async Task<IActionResult> OnPostSectionModeAsync()
    {
        if (string.IsNullOrWhiteSpace(Section) || !Herald.Articles.Slugs.IsValid(Section.Trim()) || Mode is not ("open" or "premoderated" or "closed" or "default"))
        {
            Problem = "Give a section slug and a mode.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }
        await discussions.SetAsync("section", Section.Trim(), Mode == "default" ? null : Mode, User.UserId()!.Value, HttpContext.RequestAborted);
        return RedirectToPage(new { queue = Queue, section = Section.Trim() });
    }

    // open, premoderated, closed, or "default" to drop the moderator's switch.
    public async Task<IActionResult> OnPostModeAsync()
    {
        if (ArticleId is not { } id || Mode is not ("open" or "premoderated" or "closed" or "default"))
        {
            return BadRequest();
        }
        await discussions.SetAsync("article", id.ToString(System.Globalization.CultureInfo.InvariantCulture), Mode == "default" ? null : Mode, User.UserId()!.Value, HttpContext.RequestAborted);
        return RedirectToPage(new { queue = Queue, article = ArticleId });
    }
}
