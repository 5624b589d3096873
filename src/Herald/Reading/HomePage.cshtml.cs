using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class HomePageModel(ReadingQueries queries, HeraldOptions options) : PageModel
{
    public const int TopStories = 5;
    public const int PerSection = 4;

    public Page<ArticleSummary> Latest { get; private set; } = new([], 1, false);
    public IReadOnlyList<IGrouping<(string Slug, string Name), ArticleSummary>> Sections { get; private set; } = [];
    public string SiteName => options.SiteName;
    public string JsonLd { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        if (PageNumber.Of(Request) is not { } page || page is < 1 or > 10_000)
        {
            return NotFound();
        }
        if (page == 1)
        {
            var (latest, sections) = await queries.FrontPageAsync(TopStories, PerSection);
            (Latest, Sections) = (latest, sections.GroupBy(a => (a.SectionSlug, a.SectionName)).ToList());
        }
        else if ((Latest = await queries.LatestAsync(page, options.PageSize)).Items.Count == 0)
        {
            return NotFound();
        }
        var baseUrl = SiteUrl.Base(HttpContext, options);
        ViewData["Canonical"] = baseUrl + (page == 1 ? "/" : $"/?page={page}");
        JsonLd = ArticleMetadata.CollectionJsonLd(options.SiteName, baseUrl + (page == 1 ? "/" : $"/?page={page}"), Latest.Items, baseUrl);
        ViewData["Description"] = $"The latest news from {options.SiteName}";
        if (page > 1)
        {
            ViewData["Title"] = $"Latest news, page {page}";
        }
        var newest = Latest.Items.Count == 0 ? 0 : Latest.Items.Max(i => i.UpdatedAt);
        PageCache.Apply(HttpContext, newest, "home", SiteNavigation.CacheTag);
        return Page();
    }
}
