using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class SectionPageModel(ReadingQueries queries, HeraldOptions options) : ListPageModel(options)
{
    public Task<IActionResult> OnGetAsync()
    {
        Kind = "Section";
        ViewData["Section"] = Slug;
        ShowSection = false;
        return ShowAsync();
    }

    protected override async Task<(string Name, string Path, string CacheTag)?> FindAsync(string slug) =>
        await queries.SectionAsync(slug) is { } n ? (n.Name, ArticlePaths.Section(n.Slug), $"section:{n.Slug}") : null;

    protected override Task<Page<ArticleSummary>> LoadAsync(string slug, int page) => queries.BySectionAsync(slug, page, PageSize);
}
