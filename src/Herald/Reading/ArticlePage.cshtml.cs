using System.Text.Encodings.Web;
using Herald.Accounts;
using Herald.Articles;
using Herald.Comments;
using Herald.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class ArticlePageModel(ReadingQueries queries, HeraldOptions options, Discussions discussions, CommentQueries comments, FormTokens tokens,
    IAntiforgery antiforgery, IOptions<CommentOptions> commentOptions, TimeProvider clock, HtmlEncoder encoder) : PageModel
{
    // The route's and query's values are read directly, not bound by MVC (PageNumber).
    public async Task<IActionResult> OnGetAsync()
    {
        var (section, slug) = (RouteData.Values["section"] as string, RouteData.Values["slug"] as string);
        var sort = Request.Query["comments"] is { Count: > 0 } sorts && sorts[0] is { Length: > 0 } given ? given : null;
        var cpage = PageNumber.Of(Request, "cpage") ?? 1;
        if (slug is null || section is null || !Slugs.IsValid(slug) || !Slugs.IsValid(section))
        {
            return NotFound();
        }
        var article = await queries.ArticleAsync(slug);
        if (article is null)
        {
            return await queries.RedirectAsync(slug) is { } target ? RedirectPermanent(target) : NotFound();
        }
        if (article.State == ArticleStates.Unpublished)
        {
            return StatusCode(StatusCodes.Status410Gone);
        }
        var path = ArticlePaths.Article(article.SectionSlug, article.Slug);
        if (article.SectionSlug != section)
        {
            return RedirectPermanent(path);
        }
        var doc = await queries.DocumentOfAsync(article);
        IReadOnlyList<ArticleSummary> translations = article.TranslationGroup is null ? [] : await queries.TranslationsAsync(article.TranslationGroup, article.Id);
        // Published (an unpublished article answered 410 above): its discussion is shown.
        var discussion = discussions.Of(article.Id, article.Language, article.FirstPublishedAt, article.ArticleMode, article.SectionMode, doc.CommentPolicy);
        var viewerId = User.UserId();
        Viewer? viewer = null;
        if (viewerId is { } id)
        {
            var tokenSet = antiforgery.GetAndStoreTokens(HttpContext);
            viewer = new Viewer(id, tokenSet.FormFieldName, tokenSet.RequestToken!, clock.GetUtcNow().ToUnixTimeMilliseconds(), commentOptions.Value.EditWindowMinutes);
        }
        var commentPage = await comments.PageAsync(article.Id, sort, Math.Clamp(cpage, 1, 10_000), viewerId, HttpContext.RequestAborted);
        var view = new ArticlePageView(article, doc, translations, SiteUrl.Base(HttpContext, options), options,
            new DiscussionModel(article.Id, path, doc.Language, options.Zone, discussion, commentPage, viewer, viewer is null ? null : tokens.Issue()));
        PageCache.Apply(HttpContext, article.UpdatedAt, $"article:{article.Id}", $"comments:{article.Id}");
        // Written without Razor (ArticleHtml), within the site's frame.
        var sections = await queries.SectionsAsync();
        var page = new PageWriter(encoder, 16 * 1024);
        ArticleHtml.Page(page, view, sections, User);
        return new WrittenPage(page);
    }
}

public static class SiteUrl
{
    public static string Base(HttpContext context, HeraldOptions options) =>
        options.BaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
}
