using Herald.Accounts;
using Herald.Articles;
using Herald.Comments;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using System.Text.Encodings.Web;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class ArticlePageModel(ReadingQueries queries, HeraldOptions options, Discussions discussions, CommentQueries comments, FormTokens tokens,
    IAntiforgery antiforgery, IOptions<CommentOptions> commentOptions, TimeProvider clock, HtmlEncoder encoder) : PageModel
{
    public DiscussionModel? Discussion { get; private set; }

    public ArticleView Article { get; private set; } = null!;
    public ArticleDocument Doc { get; private set; } = null!;
    public IReadOnlyList<ArticleSummary> Translations { get; private set; } = [];
    public string CanonicalUrl { get; private set; } = "";
    public string JsonLd { get; private set; } = "";
    public string BreadcrumbJsonLd { get; private set; } = "";
    public string BaseUrl { get; private set; } = "";
    public string XDefaultUrl { get; private set; } = "";
    public string OEmbedUrl => $"{BaseUrl}/api/oembed?url={Uri.EscapeDataString(CanonicalUrl)}&format=json";
    public Labels Labels { get; private set; } = null!;
    public string SiteName => options.SiteName;

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
        Article = article;
        Doc = queries.DocumentOf(article);
        Labels = Labels.For(Doc.Language);
        if (article.TranslationGroup is not null)
        {
            Translations = await queries.TranslationsAsync(article.TranslationGroup, article.Id);
        }
        var baseUrl = SiteUrl.Base(HttpContext, options);
        BaseUrl = baseUrl;
        CanonicalUrl = baseUrl + path;
        // x-default: the version first published, which is the original of the story.
        var original = Translations.Where(t => t.FirstPublishedAt < article.FirstPublishedAt).MinBy(t => t.FirstPublishedAt);
        XDefaultUrl = original is null ? CanonicalUrl : baseUrl + original.Path;
        JsonLd = ArticleMetadata.NewsArticleJsonLd(article, Doc, baseUrl, CanonicalUrl, options.SiteName);
        BreadcrumbJsonLd = ArticleMetadata.BreadcrumbJsonLd(article, Doc, baseUrl, CanonicalUrl, options.SiteName);
        // Published (an unpublished article answered 410 above): its discussion is shown.
        var discussion = discussions.Of(article.Id, article.Language, article.FirstPublishedAt, article.ArticleMode, article.SectionMode, Doc.CommentPolicy);
        var viewerId = User.UserId();
        Viewer? viewer = null;
        if (viewerId is { } id)
        {
            var tokenSet = antiforgery.GetAndStoreTokens(HttpContext);
            viewer = new Viewer(id, tokenSet.FormFieldName, tokenSet.RequestToken!, clock.GetUtcNow().ToUnixTimeMilliseconds(), commentOptions.Value.EditWindowMinutes);
        }
        var page = await comments.PageAsync(article.Id, sort, Math.Clamp(cpage, 1, 10_000), viewerId, HttpContext.RequestAborted);
        Discussion = new DiscussionModel(article.Id, path, Doc.Language, options.Zone, discussion, page, viewer, viewer is null ? null : tokens.Issue());
        PageCache.Apply(HttpContext, article.UpdatedAt, $"article:{article.Id}", $"comments:{article.Id}");
        // Written without Razor (ArticleHtml), within the site's frame.
        var html = ArticleHtml.Page(new PageWriter(encoder, 16 * 1024), this, await queries.SectionsAsync(), User);
        return Content(html, "text/html; charset=utf-8");
    }

    public string Time(long unixMs) => Labels.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), Doc.Language, options.Zone);

    public string Time(DateTimeOffset t) => Labels.FormatTime(t, Doc.Language, options.Zone);

    // The desk's preview renders this page's partials for a revision that is not public yet
    // (Desk/PreviewPage): the same markup, without the discussion, never cached.
    internal void ShowPreview(ArticleView article, ArticleDocument doc, IReadOnlyList<ArticleSummary> translations, string baseUrl)
    {
        Article = article;
        Doc = doc;
        Labels = Labels.For(doc.Language);
        Translations = translations;
        BaseUrl = baseUrl;
        CanonicalUrl = baseUrl + ArticlePaths.Article(article.SectionSlug, article.Slug);
        XDefaultUrl = CanonicalUrl;
        JsonLd = ArticleMetadata.NewsArticleJsonLd(article, doc, baseUrl, CanonicalUrl, options.SiteName);
        BreadcrumbJsonLd = ArticleMetadata.BreadcrumbJsonLd(article, doc, baseUrl, CanonicalUrl, options.SiteName);
    }
}

public static class SiteUrl
{
    public static string Base(HttpContext context, HeraldOptions options) =>
        options.BaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
}
