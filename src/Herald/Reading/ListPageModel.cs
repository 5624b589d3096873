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

    protected abstract Task<(string Name, string Path, string CacheTag)?> FindAsync(string slug);

    protected abstract Task<Page<ArticleSummary>> LoadAsync(string slug, int page);

    // The {slug} of the page's route.
    protected string Slug => RouteData.Values["slug"] as string ?? "";

    protected async Task<IActionResult> ShowAsync()
    {
        var slug = Slug;
        if (PageNumber.Of(Request) is not { } page || !Articles.Slugs.IsValid(slug) || page is < 1 or > 10_000)
        {
            return NotFound();
        }
        if (await FindAsync(slug) is not { } found)
        {
            return NotFound();
        }
        Items = await LoadAsync(slug, page);
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
