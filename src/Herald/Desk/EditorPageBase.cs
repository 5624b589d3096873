using System.Globalization;
using System.Security.Claims;
using Herald.Accounts;
using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Desk;

public sealed record EditorConflict(int Theirs, IReadOnlyList<DiffRow> Rows);

// The block editor of /desk/articles/new and /desk/articles/{id}. One form: block commands
// (add, move, remove) come back with the form changed and nothing saved; "save" writes a
// revision; the workflow buttons save what changed and then act on the saved revision.
[Authorize(Policy = DeskPolicies.Writers)]
public abstract class EditorPageBase(DeskStore store, Publisher publisher, AuditLog audit, HeraldOptions options, Herald.Media.MediaStore media) : PageModel
{
    [BindProperty]
    public ArticleForm Form { get; set; } = new();

    [BindProperty]
    public string? ScheduleAt { get; set; }

    [BindProperty]
    public bool Minor { get; set; }

    [BindProperty]
    public string? Correction { get; set; }

    [TempData]
    public string? Notice { get; set; }

    // A new article written as a translation of this one (same translation group).
    [BindProperty(SupportsGet = true)]
    public long? TranslationOf { get; set; }

    public string? Hint { get; private set; }
    public DeskArticle? Article { get; private set; }
    public ArticleDocument? Current { get; private set; }
    public FormErrors Errors { get; private set; } = new();
    public EditorConflict? Conflict { get; private set; }
    public IReadOnlyList<string> Groups { get; private set; } = [];
    public IReadOnlyList<Herald.Media.MediaItem> RecentMedia { get; private set; } = [];
    public IReadOnlyList<(long Id, string Language, string Title)> Translations { get; private set; } = [];
    public TimeZoneInfo Zone => options.Zone;

    protected string? Role => User.FindFirstValue(ClaimTypes.Role);
    protected bool Own => Article is null || Article.CreatedByUserId == User.UserId();
    public bool CanEdit => Workflow.Allows(Article?.State, Article is null ? DeskAction.Create : DeskAction.Edit, Role, Own);
    public IReadOnlyList<DeskAction> Actions => Article is null ? [] : Workflow.Available(Article.State, Role, Own);

    protected async Task<IActionResult> GetAsync(long? id)
    {
        if (await LoadAsync(id) is { } missing)
        {
            return missing;
        }
        if (!Workflow.IsEditor(Role) && !Own)
        {
            return Forbid();
        }
        Form = Current is null ? new ArticleForm { Blocks = [BlockForms.Empty("paragraph")] } : ArticleForm.From(Current, Article!.Revision, options.Zone);
        if (Article is null && TranslationOf is { } originalId)
        {
            // The translator starts from the original's text, in its section and translation group.
            var original = await store.ArticleAsync(originalId);
            if (original is null || (!Workflow.IsEditor(Role) && original.CreatedByUserId != User.UserId()))
            {
                return NotFound();
            }
            var doc = ArticleFormat.ParseStored(original.Document, original.Id);
            Form = ArticleForm.From(doc, 0, options.Zone);
            Form.BaseRevision = null;
            Form.Slug = null;
            Form.Language = "";
            Form.TranslationGroup = doc.TranslationGroup ?? doc.Slug;
            Form.Note = $"Translation of “{doc.Title}”";
            Hint = $"Translating “{doc.Title}”: choose the language, then replace the text." +
                (doc.TranslationGroup is null ? $" Saving also puts the original in the translation group “{doc.Slug}”." : "");
        }
        ScheduleAt = Article?.ScheduledAt is { } at ? BlockForms.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(at), options.Zone) : null;
        return Page();
    }

    protected async Task<IActionResult> PostAsync(long? id, string? command)
    {
        if (await LoadAsync(id) is { } missing)
        {
            return missing;
        }
        command ??= "save";
        if (Article is not null && !Workflow.IsEditor(Role) && !Own)
        {
            return Forbid();
        }
        if (BlockCommand(command) is { } handled)
        {
            return handled;
        }
        var action = command switch
        {
            "save" => (DeskAction?)null,
            "submit" => DeskAction.Submit,
            "draft" => DeskAction.ReturnToDraft,
            "schedule" => DeskAction.Schedule,
            "publish" => string.IsNullOrWhiteSpace(Correction) ? DeskAction.Publish : DeskAction.Correct,
            "unpublish" => DeskAction.Unpublish,
            _ => DeskAction.Edit,
        };
        if (command is not ("save" or "submit" or "draft" or "schedule" or "publish" or "unpublish"))
        {
            return BadRequest();
        }
        if (action is { } a && (Article is null || !Workflow.Allows(Article.State, a, Role, Own)))
        {
            return Forbid();
        }

        var parsed = ArticleFormat.Parse(Form.ToJson(Current, options.Zone).ToJsonString());
        if (!parsed.Ok)
        {
            Errors = FormErrors.From(parsed.Errors, Form.Blocks);
            return Invalid();
        }
        var doc = parsed.Document!;
        var by = User.FindFirstValue(HeraldClaims.DisplayName) ?? "?";
        int basedOn;
        try
        {
            if (Article is null || Changed())
            {
                if (!CanEdit)
                {
                    return Forbid();
                }
                var saved = await publisher.SaveRevisionAsync(Article?.Id, doc, by, User.UserId(), Blank(Form.Note), Article is null ? null : Form.BaseRevision ?? -1);
                basedOn = saved.Revision;
                if (Article is null)
                {
                    Notice = "Draft saved." + await LinkOriginalAsync(doc);
                    return Redirect($"/desk/articles/{saved.ArticleId}");
                }
            }
            else
            {
                basedOn = Form.BaseRevision ?? -1;
                if (action is null)
                {
                    Notice = "Nothing changed, so no revision was added.";
                    return Redirect($"/desk/articles/{Article.Id}");
                }
            }
            Notice = await ActAsync(Article, action, basedOn, doc) ?? Notice;
        }
        catch (RevisionConflictException e)
        {
            return await ConflictAsync(doc, e.Current);
        }
        catch (PublishException e)
        {
            var field = e.Message.Contains("slug", StringComparison.Ordinal) ? "Slug" : command == "schedule" ? "ScheduleAt" : "Workflow";
            Errors.Add(field, char.ToUpperInvariant(e.Message[0]) + e.Message[1..] + ".");
            return Invalid();
        }
        if (Errors.Count > 0)
        {
            return Invalid();
        }
        return Redirect($"/desk/articles/{Article.Id}");
    }

    private async Task<string?> ActAsync(DeskArticle article, DeskAction? action, int basedOn, ArticleDocument doc)
    {
        var by = User.FindFirstValue(HeraldClaims.DisplayName) ?? "?";
        var subject = $"article {article.Id} \"{doc.Title}\"";
        switch (action)
        {
            case null:
                return "Saved as revision " + basedOn.ToString(CultureInfo.InvariantCulture) + (article.State == ArticleStates.Published ? ". The public page changes when you publish it." : ".");
            case DeskAction.Submit or DeskAction.ReturnToDraft:
                var to = Workflow.Target(article.State, action.Value)!;
                if (!await store.MoveAsync(article.Id, article.State, to, basedOn))
                {
                    throw new RevisionConflictException((await store.ArticleAsync(article.Id))!.Revision);
                }
                await audit.RecordAsync(User, action == DeskAction.Submit ? "sent to review" : "returned to draft", subject);
                return action == DeskAction.Submit ? "Sent to review." : "Returned to draft.";
            case DeskAction.Schedule:
                if (BlockForms.ParseLocal(ScheduleAt, options.Zone) is not { } at)
                {
                    Errors.Add("ScheduleAt", "Enter the date and time to publish at.");
                    return null;
                }
                await publisher.ScheduleAsync(article.Id, at, by, basedOn);
                await audit.RecordAsync(User, "scheduled", subject, DeskTime.Format(at, options.Zone));
                return "Scheduled for " + DeskTime.Format(at, options.Zone) + ".";
            case DeskAction.Publish or DeskAction.Correct:
                var correction = Blank(Correction);
                await publisher.PublishCurrentAsync(article.Id, by, Minor, correction, basedOn);
                var what = correction is not null ? "corrected" : article.State == ArticleStates.Published ? (Minor ? "minor update" : "updated") : "published";
                await audit.RecordAsync(User, what, subject, correction);
                return "Published.";
            case DeskAction.Unpublish:
                await publisher.UnpublishAsync(article.Slug);
                await audit.RecordAsync(User, "unpublished", subject);
                return "Unpublished: the public address now answers 410 Gone.";
            default:
                return null;
        }
    }

    // add:TYPE, up:N, down:N, remove:N change the form only; nothing is saved.
    private IActionResult? BlockCommand(string command)
    {
        var (verb, arg) = command.Split(':', 2) is [var v, var a] ? (v, a) : (command, "");
        if (verb is not ("add" or "up" or "down" or "remove"))
        {
            return null;
        }
        if (!CanEdit)
        {
            return Forbid();
        }
        if (verb == "add")
        {
            if (!BlockFields.ByType.ContainsKey(arg))
            {
                return BadRequest();
            }
            Form.Blocks.Add(BlockForms.Empty(arg));
            ViewData["Focus"] = Form.Blocks.Count - 1;
            return Page();
        }
        if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= Form.Blocks.Count)
        {
            return BadRequest();
        }
        var block = Form.Blocks[i];
        var j = verb switch { "up" => i - 1, "down" => i + 1, _ => -1 };
        Form.Blocks.RemoveAt(i);
        if (verb != "remove")
        {
            j = Math.Clamp(j, 0, Form.Blocks.Count);
            Form.Blocks.Insert(j, block);
            ViewData["Focus"] = j;
        }
        return Page();
    }

    // A translation names the original's slug as its group when the original had none: the
    // original joins that group with a new revision (public once it is published).
    private async Task<string> LinkOriginalAsync(ArticleDocument translation)
    {
        if (TranslationOf is not { } originalId || await store.ArticleAsync(originalId) is not { } original)
        {
            return "";
        }
        var doc = ArticleFormat.ParseStored(original.Document, original.Id);
        if (doc.TranslationGroup is not null || translation.TranslationGroup != doc.Slug
            || !Workflow.Allows(original.State, DeskAction.Edit, Role, original.CreatedByUserId == User.UserId()))
        {
            return "";
        }
        try
        {
            await publisher.SaveRevisionAsync(original.Id, doc with { TranslationGroup = doc.Slug }, User.FindFirstValue(HeraldClaims.DisplayName) ?? "?",
                User.UserId(), "Linked to its translation", original.Revision);
            return original.State == ArticleStates.Published ? " The original joined the translation group; publish it to show the link to readers." : " The original joined the translation group.";
        }
        catch (RevisionConflictException)
        {
            return $" The original changed meanwhile: set its translation group to “{doc.Slug}” yourself.";
        }
    }

    private bool Changed() =>
        Current is null || Form.ToJson(Current, options.Zone).ToJsonString() != ArticleForm.From(Current, 0, options.Zone).ToJson(Current, options.Zone).ToJsonString();

    private async Task<IActionResult> ConflictAsync(ArticleDocument ours, int theirs)
    {
        var latest = await store.ArticleAsync(Article!.Id);
        var theirsDoc = ArticleFormat.ParseStored(latest!.Document, latest.Id);
        Article = latest;
        Current = theirsDoc;
        Conflict = new EditorConflict(theirs, RevisionDiff.Compare(theirsDoc, ours));
        // Saving again now means "keep my version": it is based on what the other person saved.
        Form.BaseRevision = latest.Revision;
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadExtrasAsync();
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(long? id)
    {
        ViewData["DeskNav"] = id is null ? "new" : null;
        if (id is not null)
        {
            Article = await store.ArticleAsync(id.Value);
            if (Article is null)
            {
                return NotFound();
            }
            Current = ArticleFormat.ParseStored(Article.Document, Article.Id);
        }
        else if (!CanEdit)
        {
            return Forbid();
        }
        ViewData["Title"] = Current is null ? "New article" : "Edit: " + Current.Title;
        await LoadExtrasAsync();
        return null;
    }

    private async Task LoadExtrasAsync()
    {
        Groups = await store.TranslationGroupsAsync();
        RecentMedia = (await media.SearchAsync(null, null, 1)).Items;
        if (Current?.TranslationGroup is { } group && Article is not null)
        {
            Translations = await store.TranslationsAsync(group, Article.Id);
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public sealed class NewArticlePageModel(DeskStore store, Publisher publisher, AuditLog audit, HeraldOptions options, Herald.Media.MediaStore media)
    : EditorPageBase(store, publisher, audit, options, media)
{
    public Task<IActionResult> OnGetAsync() => GetAsync(null);

    public Task<IActionResult> OnPostAsync(string? command) => PostAsync(null, command);
}

public sealed class EditorPageModel(DeskStore store, Publisher publisher, AuditLog audit, HeraldOptions options, Herald.Media.MediaStore media)
    : EditorPageBase(store, publisher, audit, options, media)
{
    public Task<IActionResult> OnGetAsync(long id) => GetAsync(id);

    public Task<IActionResult> OnPostAsync(long id, string? command) => PostAsync(id, command);
}
