using System.Data.Common;
using System.Text.Encodings.Web;
using Herald.Accounts;
using Herald.Articles;
using Herald.Comments;
using Herald.Data;
using Herald.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Herald.Reading;

// The article page, the page readers open most: an endpoint of its own rather than a Razor
// page, as it writes the whole page without Razor (ArticleHtml) and MVC's page pipeline
// (action invoker, filters, page model) was about 6 % of an uncached render.
public static class ArticleEndpoint
{
    public static void MapArticles(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/{section}/{slug}", [HttpMethods.Get, HttpMethods.Head], RespondAsync)
            .WithMetadata(new OutputCacheAttribute { PolicyName = PageCache.Policy });

    // The route's and query's values are read directly (PageNumber). A 404 or 410 is left
    // without a body for the error pages (ErrorPages) to render.
    private static async Task RespondAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var queries = services.GetRequiredService<ReadingQueries>();
        var (request, response) = (http.Request, http.Response);
        var (section, slug) = (request.RouteValues["section"] as string, request.RouteValues["slug"] as string);
        var sort = request.Query["comments"] is { Count: > 0 } sorts && sorts[0] is { Length: > 0 } given ? given : null;
        var cpage = PageNumber.Of(request, "cpage") ?? 1;
        if (slug is null || section is null || !Slugs.IsValid(slug) || !Slugs.IsValid(section))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // The page's reads on one connection and one snapshot: the article, its translations,
        // its discussion's count, threads and replies agree with one another. On SQLite they
        // run one by one in a read transaction (TypedRows.Together), which locks the file once
        // for all of them; on PostgreSQL they go in one batch, one round trip, with a
        // transaction of its own (ReadingQueries.ArticlePageAsync). Both end before the page is
        // written and sent; the text read (the body, the comments) stays in the arena until then.
        ArticlePageView? view;
        using var arena = new TextArena();
        var db = services.GetRequiredService<Db>();
        cpage = Math.Clamp(cpage, 1, 10_000);
        await using (var c = await db.OpenAsync(http.RequestAborted))
        {
            var asked = new PageRequest(section, slug, sort, cpage, http.User.UserId(), arena);
            if (db.Dialect == SqlDialect.Postgres)
            {
                var (article, translations, discussion) = await queries.ArticlePageAsync(c, services.GetRequiredService<CommentQueries>(), slug, sort, cpage,
                    asked.ViewerId, arena, http.RequestAborted);
                view = await Gather(http, queries, asked, new(c, article, translations, discussion));
            }
            else
            {
                await using var reads = TypedRows.Together(c);
                view = await Gather(http, queries, asked, new(c, await queries.ArticleAsync(c, slug, arena), null, null, reads));
            }
        }
        if (view is null)
        {
            return;
        }
        PageCache.Apply(http, view.Article.UpdatedAt, $"article:{view.Article.Id}", $"comments:{view.Article.Id}",
            Discussions.SectionTag(view.Article.SectionSlug), SiteNavigation.CacheTag);
        if (view.Discussion?.State.ClosesAt is { } closes)
        {
            PageCache.Until(http, closes, services.GetRequiredService<TimeProvider>().GetUtcNow());
        }
        // Written without Razor (ArticleHtml), within the site's frame.
        var sections = await queries.SectionsAsync();
        var page = new PageWriter(services.GetRequiredService<HtmlEncoder>(), 64 * 1024);
        ArticleHtml.Page(page, view, sections, http.User);
        await WrittenPage.SendAsync(response, page);
    }

    // What the request asks for: the route's values, the discussion's order and page, who is
    // signed in, and the arena the page's text is read into.
    private readonly record struct PageRequest(string Section, string Slug, string? Sort, int CommentPage, long? ViewerId, TextArena Arena);

    // What was read before Gather: the article, and on PostgreSQL its translations and
    // discussion with it (one batch); on SQLite those are read in Reads' scope when the page
    // is shown.
    private readonly record struct PageReads(DbConnection Connection, ArticleView? Article, IReadOnlyList<ArticleSummary>? Translations, DiscussionPage? Discussion,
        TypedRows.ReadTogether Reads = default);

    // What the page shows, or null when the response (404, 410, a redirect) is already set.
    private static async Task<ArticlePageView?> Gather(HttpContext http, ReadingQueries queries, PageRequest request, PageReads read)
    {
        var (services, response, c, article, section, slug) = (http.RequestServices, http.Response, read.Connection, read.Article, request.Section, request.Slug);
        if (article is null)
        {
            if (await queries.RedirectAsync(c, slug) is { } target)
            {
                response.Redirect(target, permanent: true);
            }
            else
            {
                response.StatusCode = StatusCodes.Status404NotFound;
            }
            return null;
        }
        if (article.State == ArticleStates.Unpublished)
        {
            response.StatusCode = StatusCodes.Status410Gone;
            return null;
        }
        var path = ArticlePaths.Article(article.SectionSlug, article.Slug);
        if (article.SectionSlug != section)
        {
            response.Redirect(path, permanent: true);
            return null;
        }
        var options = services.GetRequiredService<HeraldOptions>();
        var doc = await queries.DocumentOfAsync(article);
        var translations = read.Translations ?? (article.TranslationGroup is null ? [] : await queries.TranslationsAsync(c, article.TranslationGroup, article.Id));
        // Published (an unpublished article answered 410 above): its discussion is shown.
        var discussion = services.GetRequiredService<Discussions>()
            .Of(article.Id, article.Language, article.FirstPublishedAt, article.ArticleMode, article.SectionMode, doc.CommentPolicy);
        var viewerId = request.ViewerId;
        Viewer? viewer = null;
        if (viewerId is { } id)
        {
            var tokenSet = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            var clock = services.GetRequiredService<TimeProvider>();
            var commentOptions = services.GetRequiredService<IOptions<CommentOptions>>().Value;
            viewer = new Viewer(id, tokenSet.FormFieldName, tokenSet.RequestToken!, clock.GetUtcNow().ToUnixTimeMilliseconds(), commentOptions.EditWindowMinutes);
        }
        var commentPage = read.Discussion ?? await services.GetRequiredService<CommentQueries>().PageAsync(read.Reads, article.Id, request.Sort, request.CommentPage, viewerId,
            request.Arena, http.RequestAborted);
        var formToken = viewer is null ? null : services.GetRequiredService<FormTokens>().Issue();
        return new ArticlePageView(article, doc, translations, SiteUrl.Base(http, options), options,
            new DiscussionModel(article.Id, path, doc.Language, options.Zone, discussion, commentPage, viewer, formToken));
    }
}

public static class SiteUrl
{
    public static string Base(HttpContext context, HeraldOptions options) =>
        options.BaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}";
}
