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

    protected override Task<((string Name, string Path, string CacheTag)? Found, Page<ArticleSummary> Items)> LoadAsync(string slug, int page) =>
        Listed(queries.TagPageAsync(slug, page, PageSize), ArticlePaths.Tag, "tag");
}
