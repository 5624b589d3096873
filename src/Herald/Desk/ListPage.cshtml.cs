using System.Security.Claims;
using Herald.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Desk;

// /desk: every article, newest change first, filtered by state, section, creator and title.
// Moderators (staff who do not write) land here after signing in and are shown where they work.
[Authorize(Policy = Policies.Staff)]
public sealed class ListPageModel(DeskStore store) : PageModel
{
    public DeskFilter Filter { get; private set; } = new(null, null, null, null, 1);
    public IReadOnlyList<DeskRow> Rows { get; private set; } = [];
    public bool HasNext { get; private set; }
    public IReadOnlyList<Choice> Sections { get; private set; } = [];
    public IReadOnlyList<Choice> Writers { get; private set; } = [];
    public bool Writes { get; private set; }

    public async Task OnGetAsync(string? state, string? section, long? author, string? q, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int pageNumber = 1)
    {
        ViewData["Title"] = "Articles";
        ViewData["DeskNav"] = "articles";
        Writes = Workflow.MayWrite(User.FindFirstValue(ClaimTypes.Role));
        if (!Writes)
        {
            return;
        }
        Filter = new DeskFilter(Workflow.States.Contains(state) ? state : null, string.IsNullOrWhiteSpace(section) ? null : section,
            author, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), Math.Clamp(pageNumber, 1, 10_000));
        (Rows, HasNext) = await store.ListAsync(Filter);
        Sections = await store.SectionsAsync();
        Writers = await store.WritersAsync();
    }

    public string PageLink(int page) =>
        "/desk?" + string.Join("&", new[]
        {
            Filter.State is null ? null : "state=" + Uri.EscapeDataString(Filter.State),
            Filter.Section is null ? null : "section=" + Uri.EscapeDataString(Filter.Section),
            Filter.Author is null ? null : "author=" + Filter.Author.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Filter.Query is null ? null : "q=" + Uri.EscapeDataString(Filter.Query),
            "page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => p is not null));
}
