using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class SectionPageModel(ReadingQueries queries, HeraldOptions options) : ListPageModel(options)
{
    public Task<IActionResult> OnGetAsync(string slug, [FromQuery] int page = 1)
    {
        Kind = "Section";
        ViewData["Section"] = slug;
        ShowSection = false;
        return ShowAsync(slug, page);
    }

    protected override async Task<(string Name, string Path, string CacheTag)?> FindAsync(string slug) =>
        await queries.SectionAsync(slug) is { } n ? (n.Name, ArticlePaths.Section(n.Slug), $"section:{n.Slug}") : null;

    protected override Task<Page<ArticleSummary>> LoadAsync(string slug, int page) => queries.BySectionAsync(slug, page, PageSize);
}
