using Herald.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Webhooks;

// Admins register webhook endpoints and read the delivery log.
[Authorize(Policy = Policies.Administration)]
public sealed class WebhooksPageModel(WebhookStore store) : PageModel
{
    [BindProperty(Name = "Url")]
    public string EndpointUrl { get; set; } = "";

    [BindProperty]
    public List<string> Events { get; set; } = [];

    [BindProperty]
    public long? EndpointId { get; set; }

    public IReadOnlyList<WebhookEndpoint> Endpoints { get; private set; } = [];
    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];
    public string? Problem { get; private set; }
    public WebhookEndpoint? Created { get; private set; }

    public async Task OnGetAsync()
    {
        ViewData["Title"] = "Webhooks";
        ViewData["Robots"] = "noindex";
        Endpoints = await store.EndpointsAsync(HttpContext.RequestAborted);
        Deliveries = await store.DeliveriesAsync(100, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAddAsync()
    {
        if (!Uri.TryCreate(EndpointUrl.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            Problem = $"\"{EndpointUrl}\" is not an http or https URL.";
        }
        else if (Events.Count == 0 || Events.Any(e => !WebhookEvents.All.Contains(e)))
        {
            Problem = "Choose at least one event.";
        }
        if (Problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync();
            return Page();
        }
        // The secret is shown once, now, so the receiver can be configured to check signatures.
        Created = await store.AddAsync(uri!.AbsoluteUri, Events, HttpContext.RequestAborted);
        EndpointUrl = "";
        await OnGetAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync()
    {
        if (EndpointId is { } id)
        {
            await store.DeactivateAsync(id, HttpContext.RequestAborted);
        }
        return RedirectToPage();
    }
}
