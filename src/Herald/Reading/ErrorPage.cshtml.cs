using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Reading;

// Shown for 404, 410, 500 and other error statuses, re-executed by the status code
// pages middleware so the original status is kept.
[IgnoreAntiforgeryToken]
public sealed class ErrorPageModel : PageModel
{
    public int Status { get; private set; }
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    // For staff, when the error was an article whose stored document no longer parses: the
    // page says which article and what is wrong, and links to its revisions to restore one.
    public long? UnreadableArticle { get; private set; }

    // The code comes from the route only: a re-executed POST still carries its form, and a
    // field named "code" must not choose the status.
    public IActionResult OnGet([FromRoute] int code) => Show(code);

    public IActionResult OnPost([FromRoute] int code) => Show(code);

    private PageResult Show(int code)
    {
        var reexecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null ||
                         HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        Status = !reexecuted ? StatusCodes.Status404NotFound : code is >= 400 and <= 599 ? code : StatusCodes.Status500InternalServerError;
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null && Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            Status = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = "5";
        }
        (Heading, Message) = Status switch
        {
            404 => ("Page not found", "There is no page at this address. The story may have moved, or the link may be mistyped."),
            410 => ("This story has been withdrawn", "The newsroom has taken this story down. It is no longer available."),
            503 => ("Back in a moment", "The site cannot reach its database right now. Nothing you sent was half-saved; please try again in a few seconds."),
            >= 500 => ("Something went wrong", "The page could not be shown because of an error on our side. Please try again in a moment."),
            _ => ("This request could not be completed", $"The server answered with status {Status}."),
        };
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Error is Herald.Articles.StoredDocumentException stored &&
            User.HasClaim(Herald.Accounts.HeraldClaims.Kind, Herald.Accounts.UserKinds.Staff))
        {
            UnreadableArticle = stored.ArticleId;
            (Heading, Message) = ("This article cannot be opened",
                $"Article {stored.ArticleId} cannot be read: {stored.Problem}. Its public page, if it has one, is unchanged. " +
                "Restore a readable revision from its history, or import a corrected document.");
        }
        Response.StatusCode = Status;
        ViewData["Title"] = Heading;
        return Page();
    }
}
