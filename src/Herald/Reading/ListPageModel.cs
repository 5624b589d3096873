using System.Globalization;
using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Reading;

// A page number from the query string, read without MVC's model binding (binding a few
// parameters cost about a tenth of an uncached article render): 1 when the parameter is
// absent, null when it is not a whole number (which the pages answer with 404).
public static class PageNumber
{
    public static int? Of(HttpRequest request, string name = "page")
    {
        var values = request.Query[name];
        return values.Count == 0 ? 1
            : int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}

// Section, tag and author pages: a heading, a page of teasers and a pager.
public abstract class ListPageModel(HeraldOptions options) : PageModel
{
    public string Heading { get; protected set; } = "";
    public string BasePath { get; protected set; } = "";
    public string Kind { get; protected set; } = "";
    public Page<ArticleSummary> Items { get; protected set; } = new([], 1, false);
    public bool ShowSection { get; protected set; } = true;
    public string JsonLd { get; private set; } = "";

    protected int PageSize => options.PageSize;

    // The list's name, path and cache tag (null when no section, tag or person has the slug)
    // and the page of its list, read together (ReadingQueries' page queries).
    protected abstract Task<((string Name, string Path, string CacheTag)? Found, Page<ArticleSummary> Items)> LoadAsync(string slug, int page);

    protected static async Task<((string Name, string Path, string CacheTag)? Found, Page<ArticleSummary> Items)> Listed(
        Task<(NamedLink? Named, Page<ArticleSummary> Items)> read, Func<string, string> path, string cacheKind)
    {
        var (named, items) = await read;
        return (named is { } n ? (n.Name, path(n.Slug), $"{cacheKind}:{n.Slug}") : null, items);
    }

    // The {slug} of the page's route.
    protected string Slug => RouteData.Values["slug"] as string ?? "";

    protected async Task<IActionResult> ShowAsync()
    {
        var slug = Slug;
        if (PageNumber.Of(Request) is not { } page || !Articles.Slugs.IsValid(slug) || page is < 1 or > 10_000)
        {
            return NotFound();
        }
        var (listed, items) = await LoadAsync(slug, page);
        if (listed is not { } found)
        {
            return NotFound();
        }
        Items = items;
        if (page > 1 && Items.Items.Count == 0)
        {
            return NotFound();
        }
        Heading = found.Name;
        BasePath = found.Path;
        var baseUrl = SiteUrl.Base(HttpContext, options);
        var canonical = baseUrl + (page == 1 ? found.Path : $"{found.Path}?page={page}");
        ViewData["Canonical"] = canonical;
        JsonLd = ArticleMetadata.CollectionJsonLd($"{Kind}: {found.Name}", canonical, Items.Items, baseUrl);
        ViewData["Description"] = $"The latest stories: {Kind} {found.Name}";
        ViewData["Title"] = page == 1 ? found.Name : $"{found.Name}, page {page}";
        PageCache.Apply(HttpContext, Items.Items.Count == 0 ? 0 : Items.Items.Max(i => i.UpdatedAt), found.CacheTag, SiteNavigation.CacheTag);
        return Page();
    }
}
