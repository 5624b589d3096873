using System.Security.Claims;
using Herald.Accounts;
using Herald.Articles;
using Herald.Hosting;
using Herald.Reading;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Desk;

// The public page exactly as readers would see it, for the current revision or any other.
[Authorize(Policy = DeskPolicies.Writers)]
public sealed class PreviewPageModel(DeskStore store, ReadingQueries queries, HeraldOptions options, TimeProvider clock) : PageModel
{
    public ArticlePageView Public { get; private set; } = null!;
    public int Revision { get; private set; }
    public long ArticleId { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, int? revision)
    {
        var article = await store.ArticleAsync(id);
        if (article is null)
        {
            return NotFound();
        }
        if (!Workflow.IsEditor(User.FindFirstValue(ClaimTypes.Role)) && article.CreatedByUserId != User.UserId())
        {
            return Forbid();
        }
        var shown = revision is { } n ? await store.RevisionAsync(id, n) : new RevisionRow { Number = article.Revision, Document = article.Document, BodyHtml = article.BodyHtml };
        if (shown is null)
        {
            return NotFound();
        }
        var doc = ArticleFormat.ParseStored(shown.Document, article.Id);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var first = article.FirstPublishedAt ?? doc.Published?.ToUnixTimeMilliseconds() ?? now;
        var view = new ArticleView
        {
            Id = article.Id,
            Slug = doc.Slug,
            State = ArticleStates.Published,
            SectionSlug = doc.Section,
            SectionName = doc.DisplaySectionName,
            TranslationGroup = doc.TranslationGroup,
            FirstPublishedAt = first,
            UpdatedAt = Math.Max(first, doc.Updated?.ToUnixTimeMilliseconds() ?? first),
            BodyHtml = System.Text.Encoding.UTF8.GetBytes(shown.BodyHtml),
        };
        var translations = doc.TranslationGroup is null ? [] : await queries.TranslationsAsync(doc.TranslationGroup, article.Id);
        Public = new ArticlePageView(view, doc, translations, SiteUrl.Base(HttpContext, options), options);
        Revision = shown.Number;
        ArticleId = article.Id;
        ViewData["Title"] = doc.Title;
        ViewData["Language"] = doc.Language;
        ViewData["Section"] = doc.Section;
        ViewData["Robots"] = "noindex";
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
