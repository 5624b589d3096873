using System.Security.Claims;
using Herald.Accounts;
using Herald.Articles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Desk;

// Every revision of an article, any two side by side, and restoring an old one as a new revision.
[Authorize(Policy = DeskPolicies.Writers)]
public sealed class RevisionsPageModel(DeskStore store, Publisher publisher) : PageModel
{
    public DeskArticle Article { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public IReadOnlyList<RevisionRow> Revisions { get; private set; } = [];
    public int? A { get; private set; }
    public int? B { get; private set; }
    public DiffView? Diff { get; private set; }
    public bool CanRestore { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, int? a, int? b)
    {
        if (await LoadAsync(id) is { } denied)
        {
            return denied;
        }
        B = b ?? Article.Revision;
        A = a ?? (Revisions.Count > 1 ? Revisions[1].Number : B);
        var older = await store.RevisionAsync(id, A.Value);
        var newer = await store.RevisionAsync(id, B.Value);
        if (older is null || newer is null)
        {
            return NotFound();
        }
        Diff = new DiffView($"Revision {older.Number}", $"Revision {newer.Number}",
            RevisionDiff.Compare(ArticleFormat.Parse(older.Document).Document!, ArticleFormat.Parse(newer.Document).Document!));
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(long id, int number, int baseRevision)
    {
        if (await LoadAsync(id) is { } denied)
        {
            return denied;
        }
        if (!CanRestore)
        {
            return Forbid();
        }
        var old = await store.RevisionAsync(id, number);
        if (old is null)
        {
            return NotFound();
        }
        var current = ArticleFormat.Parse(Article.Document).Document!;
        // The old content with today's workflow facts: dates, corrections and address stay as they are now.
        var restored = ArticleFormat.Parse(old.Document).Document! with
        {
            Slug = current.Slug,
            PreviousSlugs = current.PreviousSlugs,
            Draft = current.Draft,
            Published = current.Published,
            Updated = current.Updated,
            Corrections = current.Corrections,
        };
        try
        {
            var saved = await publisher.SaveRevisionAsync(id, restored, User.FindFirstValue(HeraldClaims.DisplayName) ?? "?", User.UserId(),
                $"Restored revision {number}", baseRevision);
            Notice = $"Revision {number} was restored as revision {saved.Revision}." + (Article.State == ArticleStates.Published ? " Publish it to change the public page." : "");
        }
        catch (RevisionConflictException)
        {
            Notice = "The article changed while you were looking at it; nothing was restored. Check the revisions again.";
            return Redirect($"/desk/articles/{id}/revisions");
        }
        return Redirect($"/desk/articles/{id}");
    }

    private async Task<IActionResult?> LoadAsync(long id)
    {
        var article = await store.ArticleAsync(id);
        if (article is null)
        {
            return NotFound();
        }
        var role = User.FindFirstValue(ClaimTypes.Role);
        var own = article.CreatedByUserId == User.UserId();
        if (!Workflow.IsEditor(role) && !own)
        {
            return Forbid();
        }
        Article = article;
        CanRestore = Workflow.Allows(article.State, DeskAction.Edit, role, own);
        Title = ArticleFormat.Parse(article.Document).Document!.Title;
        Revisions = await store.RevisionsAsync(id);
        ViewData["Title"] = "Revisions: " + Title;
        return null;
    }
}
