using Herald.Articles;
using Herald.Hosting;
using Herald.Reading;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;

namespace Herald.Search;

[OutputCache(PolicyName = PageCache.SearchPolicy)]
public sealed class SearchPageModel(SearchQueries search, ReadingQueries reading, HeraldOptions options) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Section { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Tag { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Author { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public SearchResults? Results { get; private set; }
    public IReadOnlyList<NamedLink> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (PageNumber is < 1 or > 1000)
        {
            return NotFound();
        }
        Sections = await reading.SectionsAsync();
        if (Query is not null)
        {
            Results = await search.SearchAsync(new SearchRequest(Query, Empty(Section), Empty(Tag), Empty(Author), From, To, PageNumber, options.PageSize), HttpContext.RequestAborted);
            if (Results.Problem is not null)
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
        ViewData["Title"] = Query is null ? "Search" : $"Search: {Query}";
        ViewData["Robots"] = "noindex";
        PageCache.Apply(HttpContext, 0, "search", SiteNavigation.CacheTag);
        return Page();
    }

    public string PageLink(int page)
    {
        var query = new Dictionary<string, string?> { ["q"] = Query, ["section"] = Empty(Section), ["tag"] = Empty(Tag), ["author"] = Empty(Author), ["from"] = Empty(From), ["to"] = Empty(To) };
        if (page > 1)
        {
            query["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/search", query.Where(kv => kv.Value is not null)!);
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
