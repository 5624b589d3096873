using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class TagPageModel(ReadingQueries queries, HeraldOptions options) : ListPageModel(options)
{
    public Task<IActionResult> OnGetAsync()
    {
        Kind = "Tag";
        ShowSection = true;
        return ShowAsync();
    }

    protected override async Task<(string Name, string Path, string CacheTag)?> FindAsync(string slug) =>
        await queries.TagAsync(slug) is { } n ? (n.Name, ArticlePaths.Tag(n.Slug), $"tag:{n.Slug}") : null;

    protected override Task<Page<ArticleSummary>> LoadAsync(string slug, int page) => queries.ByTagAsync(slug, page, PageSize);
}
