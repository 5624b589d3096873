using System.Security.Claims;
using Herald.Accounts;
using Herald.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Comments;

// Where comment forms post to. Success goes back to the article (post/redirect/get); a
// refusal shows this page: the form again, with the reader's text and the reason.
[Authorize]
public sealed class CommentPageModel(Db db, CommentPosting posting, ReaderActions actions, CommentQueries comments, Discussions discussions, FormTokens tokens) : PageModel
{
    [BindProperty]
    public string Text { get; set; } = "";

    [BindProperty]
    public string? FormToken { get; set; }

    [BindProperty]
    public string? Website { get; set; }

    [BindProperty]
    public bool NotifyReplies { get; set; }

    [BindProperty(SupportsGet = true, Name = "reply")]
    public long? ParentId { get; set; }

    [BindProperty]
    public long? CommentId { get; set; }

    [BindProperty]
    public string Reason { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "edit")]
    public long? EditId { get; set; }

    [BindProperty(SupportsGet = true, Name = "report")]
    public long? ReportId { get; set; }

    public string? Problem { get; private set; }
    public string ArticleTitle { get; private set; } = "";
    public string ArticlePath { get; private set; } = "";
    public CommentView? Target { get; private set; }
    public long ArticleId { get; private set; }

    // The discussion as LoadAsync found it: posting checks it without looking it up again.
    private DiscussionState? discussion;

    public async Task<IActionResult> OnGetAsync(long articleId)
    {
        if (!await LoadAsync(articleId))
        {
            return NotFound();
        }
        if ((EditId ?? ReportId ?? ParentId) is { } target)
        {
            Target = await comments.OneAsync(target, User.UserId(), HttpContext.RequestAborted);
            if (Target is null || Target.State == "deleted")
            {
                return NotFound();
            }
            if (EditId is not null)
            {
                Text = Target.Body;
            }
        }
        FormToken = tokens.Issue();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long articleId)
    {
        // One connection for looking the article up and posting to it.
        await using var c = await db.OpenAsync(HttpContext.RequestAborted);
        var author = new Commenter(User.UserId()!.Value, User.FindFirstValue(HeraldClaims.DisplayName) ?? "", User.FindFirstValue(HeraldClaims.Kind) == UserKinds.Staff);
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var draft = new CommentDraft(articleId, ParentId, Text, FormToken, Website, address, NotifyReplies);
        var (target, standing) = await posting.LookUpAsync(c, author, draft, HttpContext.RequestAborted);
        if (!Show(articleId, target))
        {
            return NotFound();
        }
        var outcome = await posting.PostAsync(c, author, draft, discussion, standing, HttpContext.RequestAborted);
        switch (outcome)
        {
            case PostOutcome.Accepted accepted:
                return Redirect($"{ArticlePath}?posted={accepted.State}#comment-{accepted.CommentId}");
            case PostOutcome.RateLimited limited:
                Response.Headers.RetryAfter = ((int)limited.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Refuse(limited.Message, StatusCodes.Status429TooManyRequests);
            case PostOutcome.Refused refused:
                return Refuse(refused.Message, StatusCodes.Status400BadRequest);
            default:
                throw new InvalidOperationException("unknown outcome");
        }
    }

    public Task<IActionResult> OnPostRecommendAsync(long articleId) =>
        ActAsync(articleId, () => actions.RecommendAsync(CommentId ?? 0, User.UserId()!.Value, HttpContext.RequestAborted));

    public Task<IActionResult> OnPostReportAsync(long articleId)
    {
        ReportId = CommentId;
        return ActAsync(articleId, () => actions.ReportAsync(CommentId ?? 0, User.UserId()!.Value, Reason, HttpContext.RequestAborted));
    }

    public Task<IActionResult> OnPostEditAsync(long articleId)
    {
        EditId = CommentId;
        var isStaff = User.FindFirstValue(HeraldClaims.Kind) == UserKinds.Staff;
        return ActAsync(articleId, () => actions.EditAsync(CommentId ?? 0, User.UserId()!.Value, Text, isStaff, HttpContext.RequestAborted));
    }

    public Task<IActionResult> OnPostDeleteAsync(long articleId) =>
        ActAsync(articleId, () => actions.DeleteAsync(CommentId ?? 0, User.UserId()!.Value, HttpContext.RequestAborted));

    private async Task<IActionResult> ActAsync(long articleId, Func<Task<string?>> action)
    {
        if (!await LoadAsync(articleId))
        {
            return NotFound();
        }
        if (await action() is { } problem)
        {
            Target = CommentId is { } id ? await comments.OneAsync(id, User.UserId(), HttpContext.RequestAborted) : null;
            return Refuse(problem, StatusCodes.Status400BadRequest);
        }
        return Redirect($"{ArticlePath}#comment-{CommentId}");
    }

    private PageResult Refuse(string message, int status)
    {
        Problem = message;
        Response.StatusCode = status;
        FormToken = tokens.Issue();
        return Page();
    }

    // One look-up for the discussion's state and the article's title and path.
    private async Task<bool> LoadAsync(long articleId) => Show(articleId, await discussions.TargetAsync(articleId, HttpContext.RequestAborted));

    private bool Show(long articleId, DiscussionTarget? found)
    {
        if (found is not { } target)
        {
            return false;
        }
        discussion = target.State;
        ArticleId = articleId;
        ArticleTitle = target.Title;
        ArticlePath = target.Path;
        ViewData["Title"] = $"Comment on {target.Title}";
        ViewData["Robots"] = "noindex";
        return true;
    }
}
