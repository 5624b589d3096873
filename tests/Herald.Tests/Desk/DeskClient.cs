using AngleSharp.Dom;
using Herald.Tests.Support;

namespace Herald.Tests.Desk;

// A signed-in staff member's browser without JavaScript: it reads a form as a browser
// would (every field with its current value) and submits it with one button pressed.
public sealed class DeskClient(HttpClient client)
{
    public HttpClient Http { get; } = client;

    public static async Task<DeskClient> SignInAsync(TestSite site, string role, string? email = null)
    {
        email ??= $"{role}-{Guid.NewGuid():N}@herald.invalid";
        await TestAccounts.CreateAsync(site.Services, email, char.ToUpperInvariant(role[0]) + role[1..] + " Person", role);
        var client = site.Client();
        var (response, _) = await Forms.SubmitAsync(client, "/account/login", new Dictionary<string, string> { ["Email"] = email, ["Password"] = TestAccounts.Password });
        Assert.True(Forms.IsRedirect(response), "sign-in failed");
        return new DeskClient(client);
    }

    public static Dictionary<string, string> Fields(IElement form)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var input in form.QuerySelectorAll("input[name]"))
        {
            var type = input.GetAttribute("type") ?? "text";
            if (type is "checkbox" or "radio" && !input.HasAttribute("checked"))
            {
                continue;
            }
            values[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }
        foreach (var area in form.QuerySelectorAll("textarea[name]"))
        {
            values[area.GetAttribute("name")!] = area.TextContent;
        }
        foreach (var select in form.QuerySelectorAll("select[name]"))
        {
            values[select.GetAttribute("name")!] = (select.QuerySelector("option[selected]") ?? select.QuerySelector("option"))?.GetAttribute("value") ?? "";
        }
        return values;
    }

    // Submits the editor on page (already loaded or fetched from path) with some fields changed and one command.
    public async Task<(HttpResponseMessage Response, IDocument Page)> EditAsync(string path, string command, IDictionary<string, string>? changes = null, IDocument? page = null)
    {
        page ??= (await HtmlPage.GetAsync(Http, path)).Document;
        var form = page.QuerySelector("form.editor") ?? throw new InvalidOperationException($"no editor on {path}");
        var values = Fields(form);
        foreach (var (key, value) in changes ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }
        values["command"] = command;
        return await Forms.PostAsync(Http, path, values);
    }

    // The cookie scheme answers a forbidden request with a redirect to the "not allowed" page.
    public static bool IsDenied(HttpResponseMessage r) =>
        r.StatusCode == System.Net.HttpStatusCode.Forbidden
        || (Forms.IsRedirect(r) && r.Headers.Location!.OriginalString.Contains("/account/denied", StringComparison.Ordinal));

    public static long IdFrom(HttpResponseMessage redirect) =>
        long.Parse(redirect.Headers.Location!.OriginalString.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
}
