using System.Net;
using AngleSharp.Dom;

namespace Herald.Tests.Support;

// Posts a form the way a browser does: load the page, take its anti-forgery token
// (the client keeps the cookie), send the fields.
public static class Forms
{
    public static async Task<(HttpResponseMessage Response, IDocument Page)> SubmitAsync(HttpClient client, string pagePath, IDictionary<string, string> fields, string? formSelector = null, string? action = null)
    {
        var (_, page) = await HtmlPage.GetAsync(client, pagePath);
        var form = (formSelector is null ? page.QuerySelector("main form[method=post]") : page.QuerySelector(formSelector))
                   ?? throw new InvalidOperationException($"no form on {pagePath}");
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[type=hidden]"))
        {
            values[input.GetAttribute("name")!] = input.GetAttribute("value") ?? "";
        }
        foreach (var (key, value) in fields)
        {
            values[key] = value;
        }
        var target = action ?? form.GetAttribute("action") ?? pagePath;
        if (target.Length == 0)
        {
            target = pagePath;
        }
        return await PostAsync(client, target, values);
    }

    public static async Task<(HttpResponseMessage Response, IDocument Page)> PostAsync(HttpClient client, string path, IDictionary<string, string> values)
    {
        using var content = new FormUrlEncodedContent(values);
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, HtmlPage.Parse(html));
    }

    public static bool IsRedirect(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.MovedPermanently;
}
