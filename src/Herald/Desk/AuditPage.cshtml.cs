using Herald.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Desk;

[Authorize(Policy = Policies.Administration)]
public sealed class AuditPageModel(AuditLog audit) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public int Number { get; private set; }
    public bool HasNext { get; private set; }

    public async Task OnGetAsync([Microsoft.AspNetCore.Mvc.FromQuery(Name = "page")] int pageNumber = 1)
    {
        ViewData["Title"] = "Audit log";
        ViewData["DeskNav"] = "audit";
        Number = Math.Clamp(pageNumber, 1, 100_000);
        (Entries, HasNext) = await audit.PageAsync(Number);
    }
}
