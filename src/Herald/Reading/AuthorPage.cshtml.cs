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

    protected override Task<((string Name, string Path, string CacheTag)? Found, Page<ArticleSummary> Items)> LoadAsync(string slug, int page) =>
        Listed(queries.AuthorPageAsync(slug, page, PageSize), ArticlePaths.Author, "author");
}
