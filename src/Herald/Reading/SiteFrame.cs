using System.Security.Claims;
using Herald.Articles;

namespace Herald.Reading;

// The markup around every reading page: the document's opening and head start, the site
// header with the section navigation, and the footer. The Razor layout (_Layout.cshtml)
// and the article page (ArticleHtml), which is written without Razor, both write it from
// here, so the frame exists once.
public static class SiteFrame
{
    // From the doctype to the favicon: the start of <head>, which the page goes on filling.
    public static void Open(PageWriter w, string language, string? title, string siteName)
    {
        w.Raw("<!DOCTYPE html>\n<html lang=\"").Text(language).Raw("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        if (title is null)
        {
            w.Text(siteName);
        }
        else
        {
            w.Text(title).Text(" | ").Text(siteName);
        }
        w.Raw("</title>\n<link rel=\"stylesheet\"").Attr("href", Assets.StylesheetPath).Raw(">\n")
            .Raw("<link rel=\"icon\"").Attr("href", Assets.LogoPath).Raw(" type=\"image/svg+xml\">\n");
    }

    // From the end of <head> to the start of <main>: the header, its navigation (the current
    // section marked), the account link and the search form.
    public static void Header(PageWriter w, IReadOnlyList<NamedLink> sections, string? currentSection, ClaimsPrincipal user, string siteName)
    {
        w.Raw("</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n<header class=\"site-header\">\n<div class=\"wrap\">\n")
            .Raw("<a class=\"brand\" href=\"/\"><img").Attr("src", Assets.LogoPath).Raw(" alt=\"\" width=\"32\" height=\"32\"> ").Text(siteName).Raw("</a>\n")
            .Raw("<nav aria-label=\"Sections\">\n<ul>\n");
        foreach (var s in sections)
        {
            w.Raw("<li><a").Attr("href", ArticlePaths.Section(s.Slug)).Attr("aria-current", s.Slug == currentSection ? "page" : null)
                .Raw('>').Text(s.Name).Raw("</a></li>\n");
        }
        w.Raw("</ul>\n</nav>\n<p class=\"header-account\">\n");
        if (user.Identity?.IsAuthenticated == true)
        {
            w.Raw("<a href=\"/account\">").Text(user.FindFirst(Herald.Accounts.HeraldClaims.DisplayName)?.Value).Raw("</a>\n");
        }
        else
        {
            w.Raw("<a href=\"/account/login\">Sign in</a>\n");
        }
        w.Raw("</p>\n<form class=\"header-search\" method=\"get\" action=\"/search\" role=\"search\">\n")
            .Raw("<label class=\"visually-hidden\" for=\"header-q\">Search stories</label>\n")
            .Raw("<input id=\"header-q\" name=\"q\" type=\"search\" placeholder=\"Search\" maxlength=\"200\">\n")
            .Raw("<button type=\"submit\">Search</button>\n</form>\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    }

    // From the end of <main> to the end of the document.
    public static void Close(PageWriter w, string siteName) =>
        w.Raw("</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>").Text(siteName)
            .Raw(" is published with Herald. All demo stories are fictional.</p>\n</div>\n</footer>\n</body>\n</html>\n");
}
