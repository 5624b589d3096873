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

    // Why the current revision, or one of the two compared, cannot be shown: its stored
    // document no longer parses. The history stays usable, so a readable revision can be restored.
    public string? Problem { get; private set; }

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
        if (Readable(older) is { } from && Readable(newer) is { } to)
        {
            Diff = new DiffView($"Revision {older.Number}", $"Revision {newer.Number}", RevisionDiff.Compare(from, to));
        }
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
        if (Readable(old) is not { } restored)
        {
            Notice = $"{Problem} Nothing was restored.";
            return Redirect($"/desk/articles/{id}/revisions");
        }
        // The old content with today's workflow facts: dates, corrections and address stay as they
        // are now. When the current revision is the unreadable one, the old revision's own facts
        // stand in, under the article's present address.
        restored = ArticleFormat.Parse(Article.Document).Document is { } current
            ? restored with
            {
                Slug = current.Slug,
                PreviousSlugs = current.PreviousSlugs,
                Draft = current.Draft,
                Published = current.Published,
                Updated = current.Updated,
                Corrections = current.Corrections,
            }
            : restored with { Slug = Article.Slug };
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
        Revisions = await store.RevisionsAsync(id);
        Title = Readable(new RevisionRow { Number = article.Revision, Document = article.Document })?.Title ?? article.Slug;
        if (Problem is not null)
        {
            Problem += " The editor cannot open the article until a readable revision is restored here; the public page, if any, is unchanged.";
        }
        ViewData["Title"] = "Revisions: " + Title;
        return null;
    }

    // A revision's document, or null with Problem saying why it cannot be read.
    private ArticleDocument? Readable(RevisionRow revision)
    {
        try
        {
            return ArticleFormat.ParseStored(revision.Document, Article.Id);
        }
        catch (StoredDocumentException e)
        {
            Problem = $"Revision {revision.Number} cannot be read: {e.Problem}.";
            return null;
        }
    }
}
