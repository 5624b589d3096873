using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Reading;

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

    protected async Task<IActionResult> ShowAsync(string slug, int page)
    {
        if (!ModelState.IsValid || !Articles.Slugs.IsValid(slug) || page is < 1 or > 10_000)
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
        PageCache.Apply(HttpContext, Items.Items.Count == 0 ? 0 : Items.Items.Max(i => i.UpdatedAt), found.CacheTag);
        return Page();
    }
}
