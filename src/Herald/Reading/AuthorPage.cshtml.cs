using Herald.Articles;
using Herald.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Reading;

[OutputCache(PolicyName = PageCache.Policy)]
public sealed class AuthorPageModel(ReadingQueries queries, HeraldOptions options) : ListPageModel(options)
{
    public Task<IActionResult> OnGetAsync()
    {
        Kind = "Author";
        ShowSection = true;
        return ShowAsync();
    }

    protected override async Task<(string Name, string Path, string CacheTag)?> FindAsync(string slug) =>
        await queries.AuthorAsync(slug) is { } n ? (n.Name, ArticlePaths.Author(n.Slug), $"author:{n.Slug}") : null;

    protected override Task<Page<ArticleSummary>> LoadAsync(string slug, int page) => queries.ByAuthorAsync(slug, page, PageSize);
}
