using Herald.Articles;

namespace Herald.Reading;

// A list of article teasers (image, headline, lead, section and time), as the home, section,
// tag and author pages show them: written as text, not as a Razor partial, because the home
// page shows one list per section and each partial render cost more than its markup.
public static class TeaserList
{
    public static void Write(PageWriter w, ArticleListModel m, TimeZoneInfo zone)
    {
        var heading = m.HeadingLevel.ToString(System.Globalization.CultureInfo.InvariantCulture);
        w.Raw("<ol class=\"teasers\">\n");
        foreach (var item in m.Items)
        {
            w.Raw("<li class=\"teaser\">\n<article").Attr("lang", item.Language).Raw(">\n");
            if (item.TeaserImageUrl is not null)
            {
                w.Raw("<img class=\"teaser-image\"").Attr("src", item.TeaserImageUrl).Attr("alt", item.TeaserImageAlt)
                    .Raw(" loading=\"lazy\" decoding=\"async\" width=\"320\" height=\"180\">\n");
            }
            w.Raw("<h").Raw(heading).Raw(" class=\"teaser-title\"><a").Attr("href", item.Path).Raw('>');
            if (item.Topline is not null)
            {
                w.Raw("<span class=\"topline\">").Text(item.Topline).Raw("</span> ");
            }
            w.Raw("<span class=\"title\">").Text(item.Title).Raw("</span></a></h").Raw(heading).Raw(">\n<p class=\"teaser-lead\">");
            if (item.Breaking)
            {
                w.Raw("<strong class=\"breaking\">").Text(Labels.For(item.Language).Breaking).Raw("</strong> ");
            }
            w.Text(item.Lead).Raw("</p>\n<p class=\"teaser-meta\">");
            if (m.ShowSection)
            {
                w.Raw("<a").Attr("href", ArticlePaths.Section(item.SectionSlug)).Raw('>').Text(item.SectionName).Raw("</a> <span aria-hidden=\"true\">·</span> ");
            }
            w.Time(item.UpdatedAt, Labels.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(item.UpdatedAt), item.Language, zone))
                .Raw("</p>\n</article>\n</li>\n");
        }
        w.Raw("</ol>\n");
    }
}
