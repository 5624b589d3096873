using System.Security.Claims;
using Herald.Articles;
using Herald.Comments;
using Herald.Feeds;

namespace Herald.Reading;

// The article page, written as text rather than through Razor: a full render of it
// (output cache off, or a miss) spent over 40 % of its time in Razor's machinery, which
// this page, the most read one, does without (docs/architecture.md). The body itself was
// rendered at publish time (BlockRenderer); this writes what surrounds it. The desk's
// preview writes the same head and article through here, so both show the same markup.
public static class ArticleHtml
{
    public static void Page(PageWriter w, ArticlePageView m, IReadOnlyList<NamedLink> sections, ClaimsPrincipal user)
    {
        var siteName = m.SiteName;
        var a = m.Article;
        SiteFrame.Open(w, m.Doc.Language, m.Doc.Title, siteName);
        FeedLinks.Write(w, $"{a.SectionName} | {siteName}", f => FeedPaths.Of(FeedPaths.Section, a.SectionSlug, f));
        Head(w, m);
        SiteFrame.Header(w, sections, a.SectionSlug, user, siteName);
        Article(w, m);
        SiteFrame.Close(w, siteName);
    }

    // The article's part of <head>: description, canonical and language links, Open Graph
    // and Twitter cards, feeds, oEmbed discovery and the JSON-LD.
    public static void Head(PageWriter w, ArticlePageView m)
    {
        var doc = m.Doc;
        var a = m.Article;
        var image = ArticleMetadata.PrimaryImage(doc);
        w.Raw("<meta name=\"description\"").Attr("content", doc.Lead).Raw(">\n");
        w.Raw("<link rel=\"canonical\"").Attr("href", m.CanonicalUrl).Raw(">\n");
        if (m.Translations.Count > 0)
        {
            w.Raw("<link rel=\"alternate\"").Attr("hreflang", doc.Language).Attr("href", m.CanonicalUrl).Raw(">\n");
            foreach (var t in m.Translations)
            {
                w.Raw("<link rel=\"alternate\"").Attr("hreflang", t.Language).Attr("href", m.BaseUrl + t.Path).Raw(">\n");
            }
            w.Raw("<link rel=\"alternate\" hreflang=\"x-default\"").Attr("href", m.XDefaultUrl).Raw(">\n");
        }
        Meta(w, "property", "og:type", "article");
        Meta(w, "property", "og:title", doc.Title);
        Meta(w, "property", "og:description", doc.Lead);
        Meta(w, "property", "og:url", m.CanonicalUrl);
        Meta(w, "property", "og:site_name", m.SiteName);
        Meta(w, "property", "og:locale", doc.Language);
        var imageUrl = image is null ? null : ArticleMetadata.Absolute(image.Src, m.BaseUrl);
        if (image is not null)
        {
            Meta(w, "property", "og:image", imageUrl);
            Meta(w, "property", "og:image:alt", image.Alt);
        }
        Meta(w, "name", "twitter:card", image is null ? "summary" : "summary_large_image");
        Meta(w, "name", "twitter:title", doc.Title);
        Meta(w, "name", "twitter:description", doc.Lead);
        if (image is not null)
        {
            Meta(w, "name", "twitter:image", imageUrl);
            Meta(w, "name", "twitter:image:alt", image.Alt);
        }
        if (m.Discussion is not null)
        {
            w.Raw("<link rel=\"alternate\" type=\"application/atom+xml\"").Attr("title", "Comments on " + doc.Title)
                .Attr("href", CommentFeed.Path(a.Id)).Raw(">\n");
        }
        w.Raw("<link rel=\"alternate\" type=\"application/json+oembed\"").Attr("href", m.OEmbedUrl).Attr("title", doc.Title).Raw(">\n");
        Meta(w, "property", "article:published_time", Times.Iso(a.FirstPublishedAt));
        Meta(w, "property", "article:modified_time", Times.Iso(a.UpdatedAt));
        Meta(w, "property", "article:section", a.SectionName);
        foreach (var tag in doc.Tags)
        {
            Meta(w, "property", "article:tag", tag);
        }
        // JSON written HTML-safe (ArticleMetadata), so it cannot close the script element.
        w.Raw("<script type=\"application/ld+json\">").Json(m, ArticleMetadata.NewsArticleJsonLd).Raw("</script>\n");
        w.Raw("<script type=\"application/ld+json\">").Json(m, ArticleMetadata.BreadcrumbJsonLd).Raw("</script>\n");
    }

    private static void Meta(PageWriter w, string kind, string name, string? content) =>
        w.Raw("<meta ").Raw(kind).Raw("=\"").Raw(name).Raw('"').Attr("content", content).Raw(">\n");

    // The article element (headline, status stamp, credits, lead, body, corrections, section,
    // tags and translations), then the discussion under it when the page has one.
    public static void Article(PageWriter w, ArticlePageView m)
    {
        var doc = m.Doc;
        var a = m.Article;
        var labels = m.Labels;
        w.Raw("<article class=\"article\">\n<header class=\"article-header\">\n");
        if (doc.Breaking)
        {
            w.Raw("<p class=\"breaking-flag\">").Text(labels.Breaking).Raw("</p>\n");
        }
        w.Raw("<h1>");
        if (doc.Topline is not null)
        {
            w.Raw("<span class=\"topline\">").Text(doc.Topline).Raw("</span> ");
        }
        w.Raw("<span class=\"title\">").Text(doc.Title).Raw("</span></h1>\n");
        w.Raw("<p class=\"status\">").Text(labels.Status).Raw(": ");
        w.Time(a.UpdatedAt, m.Time(a.UpdatedAt));
        if (a.UpdatedAt != a.FirstPublishedAt)
        {
            w.Raw("<span class=\"first-published\"> (").Text(labels.FirstPublished).Raw(": ");
            w.Time(a.FirstPublishedAt, m.Time(a.FirstPublishedAt));
            w.Raw(")</span>");
        }
        w.Raw("</p>\n");
        if (doc.Authors.Count > 0)
        {
            w.Raw("<p class=\"credits\">").Text(labels.By).Raw(' ');
            for (var i = 0; i < doc.Authors.Count; i++)
            {
                var author = doc.Authors[i];
                w.Text(i == 0 ? "" : i == doc.Authors.Count - 1 ? " & " : ", ")
                    .Raw("<a rel=\"author\"").Attr("href", ArticlePaths.AuthorOf(author.Name)).Raw('>').Text(author.Name).Raw("</a>");
                if (author.Role != "author" || author.Location is not null)
                {
                    var role = author.Role == "author" ? null : labels.Role(author.Role);
                    w.Raw("<span class=\"credit-role\"> (").Text(string.Join(", ", new[] { role, author.Location }.Where(s => s is not null))).Raw(")</span>");
                }
            }
            w.Raw("</p>\n");
        }
        w.Raw("<p class=\"lead\">").Text(doc.Lead).Raw("</p>\n</header>\n<div class=\"article-body\">\n").Raw(a.BodyHtml.Span).Raw("\n</div>\n");
        if (doc.Corrections.Count > 0)
        {
            w.Raw("<section class=\"corrections\" aria-labelledby=\"corrections-heading\">\n<h2 id=\"corrections-heading\">").Text(labels.Corrections)
                .Raw("</h2>\n<ul>\n");
            foreach (var c in doc.Corrections)
            {
                w.Raw("<li>");
                w.Time(c.Date.ToUnixTimeMilliseconds(), m.Time(c.Date));
                w.Raw(": ").Text(c.Text).Raw("</li>\n");
            }
            w.Raw("</ul>\n</section>\n");
        }
        w.Raw("<footer class=\"article-footer\">\n<p class=\"article-section\"><a").Attr("href", ArticlePaths.Section(a.SectionSlug)).Raw('>')
            .Text(a.SectionName).Raw("</a></p>\n");
        if (doc.Tags.Count > 0)
        {
            w.Raw("<nav").Attr("aria-label", labels.Tags).Raw(">\n<ul class=\"tags\">\n");
            foreach (var tag in doc.Tags)
            {
                w.Raw("<li><a").Attr("href", ArticlePaths.TagOf(tag)).Raw('>').Text(tag).Raw("</a></li>\n");
            }
            w.Raw("</ul>\n</nav>\n");
        }
        if (m.Translations.Count > 0)
        {
            w.Raw("<p class=\"translations\">");
            foreach (var t in m.Translations)
            {
                w.Raw("<a").Attr("href", t.Path).Attr("hreflang", t.Language).Attr("lang", t.Language).Raw('>')
                    .Text(ArticleMetadata.LanguageName(t.Language)).Raw("</a>\n");
            }
            w.Raw("</p>\n");
        }
        w.Raw("</footer>\n</article>\n");
        if (m.Discussion is not null)
        {
            DiscussionHtml.Write(w, m.Discussion);
        }
    }
}
