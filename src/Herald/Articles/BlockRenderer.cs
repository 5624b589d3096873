using System.Globalization;
using System.Text;

namespace Herald.Articles;

public sealed record RelatedLink(string Path, string Title, string? Topline);

public sealed record RenderContext(string Language, TimeZoneInfo Zone, IReadOnlyDictionary<string, RelatedLink> Related);

// Turns blocks into the article body HTML. Pure: same blocks and context, same bytes.
// The output is stored with each revision together with Version; raise Version
// whenever the output changes so stored HTML can be re-rendered.
public static class BlockRenderer
{
    // 2: video elements ask for CORS (crossorigin) so captions from a media host load.
    public const int Version = 2;

    public static string Render(IReadOnlyList<Block> blocks, RenderContext context)
    {
        var html = new StringBuilder(4096);
        var labels = Labels.For(context.Language);
        foreach (var block in blocks)
        {
            switch (block)
            {
                case ParagraphBlock p:
                    html.Append("<p>");
                    InlineHtml.Render(html, InlineHtml.Parse(p.Text));
                    html.Append("</p>\n");
                    break;
                case SubheadingBlock s:
                    html.Append("<h2>");
                    Html.Encode(html, s.Text);
                    html.Append("</h2>\n");
                    break;
                case QuoteBlock q:
                    Quote(html, q);
                    break;
                case ImageBlock i:
                    Image(html, i.Image, "image");
                    html.Append('\n');
                    break;
                case GalleryBlock g:
                    Gallery(html, g, labels);
                    break;
                case VideoBlock v:
                    Video(html, v, context, labels);
                    break;
                case AudioBlock a:
                    html.Append("<figure class=\"audio\"><audio controls preload=\"none\" src=\"");
                    Html.Encode(html, a.Src);
                    html.Append("\"></audio>");
                    Caption(html, a.Caption, a.Credit, null);
                    html.Append("</figure>\n");
                    break;
                case BoxBlock b:
                    Box(html, b);
                    break;
                case ListBlock l:
                    List(html, l);
                    break;
                case RelatedBlock r:
                    Related(html, r, context, labels);
                    break;
                case EmbedBlock e:
                    Embed(html, e, labels);
                    break;
                default:
                    throw new InvalidOperationException($"No renderer for {block.GetType().Name}");
            }
        }
        return html.ToString();
    }

    private static void Quote(StringBuilder html, QuoteBlock q)
    {
        html.Append("<figure class=\"quote\"><blockquote><p>");
        Html.Encode(html, q.Text);
        html.Append("</p></blockquote>");
        if (q.Speaker is not null)
        {
            html.Append("<figcaption><span class=\"speaker\">");
            Html.Encode(html, q.Speaker);
            html.Append("</span>");
            if (q.Role is not null)
            {
                html.Append(", <span class=\"role\">");
                Html.Encode(html, q.Role);
                html.Append("</span>");
            }
            html.Append("</figcaption>");
        }
        html.Append("</figure>\n");
    }

    private static void Image(StringBuilder html, ImageRef image, string cssClass)
    {
        html.Append("<figure class=\"").Append(cssClass).Append("\"><img src=\"");
        Html.Encode(html, image.Src);
        html.Append("\" alt=\"");
        Html.Encode(html, image.Alt);
        html.Append('"');
        // Uploaded images name their responsive variants by their address (Media/MediaVariants).
        if (Herald.Media.MediaVariants.SrcSet(image.Src) is { } srcset)
        {
            html.Append(" srcset=\"").Append(srcset).Append("\" sizes=\"").Append(Herald.Media.MediaVariants.Sizes).Append('"');
        }
        if (image is { Width: { } w, Height: { } h })
        {
            html.Append(" width=\"").Append(w).Append("\" height=\"").Append(h).Append('"');
        }
        html.Append(" loading=\"lazy\" decoding=\"async\">");
        Caption(html, image.Caption, image.Credit, null);
        html.Append("</figure>");
    }

    private static void Gallery(StringBuilder html, GalleryBlock g, Labels labels)
    {
        html.Append("<section class=\"gallery\" aria-label=\"");
        Html.Encode(html, g.Caption ?? labels.Gallery);
        html.Append("\"><ul>");
        foreach (var image in g.Images)
        {
            html.Append("<li>");
            Image(html, image, "gallery-image");
            html.Append("</li>");
        }
        html.Append("</ul>");
        if (g.Caption is not null)
        {
            html.Append("<p class=\"caption\">");
            Html.Encode(html, g.Caption);
            html.Append("</p>");
        }
        html.Append("</section>\n");
    }

    private static void Video(StringBuilder html, VideoBlock v, RenderContext context, Labels labels)
    {
        // Browsers refuse a captions track from another origin unless the video is a CORS request.
        html.Append("<figure class=\"video\"><video controls preload=\"none\" crossorigin=\"anonymous\" src=\"");
        Html.Encode(html, v.Src);
        html.Append('"');
        if (v.Poster is not null)
        {
            html.Append(" poster=\"");
            Html.Encode(html, v.Poster);
            html.Append('"');
        }
        html.Append('>');
        if (v.Captions is not null)
        {
            var language = v.CaptionsLanguage ?? context.Language;
            html.Append("<track kind=\"captions\" src=\"");
            Html.Encode(html, v.Captions);
            html.Append("\" srclang=\"").Append(language).Append("\" label=\"");
            Html.Encode(html, CultureName(language));
            html.Append("\" default>");
        }
        html.Append("</video>");
        // A structured credit (programme and air time) is composed when no free-text credit is given.
        var credit = v.Credit;
        if (credit is null && (v.Programme is not null || v.AirTime is not null))
        {
            credit = string.Join(", ", new[] { v.Programme, v.AirTime is { } t ? Labels.FormatTime(t, context.Language, context.Zone) : null }.Where(s => s is not null));
        }
        var correspondent = v.Correspondent is null ? null : $"{labels.Correspondent}: {v.Correspondent}";
        Caption(html, v.Caption, credit, correspondent, v.DurationSeconds);
        html.Append("</figure>\n");
    }

    private static void Caption(StringBuilder html, string? caption, string? credit, string? correspondent, int? durationSeconds = null)
    {
        if (caption is null && credit is null && correspondent is null && durationSeconds is null)
        {
            return;
        }
        html.Append("<figcaption>");
        if (caption is not null)
        {
            html.Append("<span class=\"caption\">");
            Html.Encode(html, caption);
            html.Append("</span>");
        }
        if (durationSeconds is { } seconds)
        {
            html.Append(" <span class=\"duration\">(").Append(seconds / 60).Append(':').Append((seconds % 60).ToString("00", CultureInfo.InvariantCulture)).Append(")</span>");
        }
        if (correspondent is not null)
        {
            html.Append(" <span class=\"correspondent\">");
            Html.Encode(html, correspondent);
            html.Append("</span>");
        }
        if (credit is not null)
        {
            html.Append(" <small class=\"credit\">");
            Html.Encode(html, credit);
            html.Append("</small>");
        }
        html.Append("</figcaption>");
    }

    private static void Box(StringBuilder html, BoxBlock b)
    {
        html.Append("<aside class=\"box\"><h2>");
        Html.Encode(html, b.Title);
        html.Append("</h2>");
        if (b.Image is not null)
        {
            Image(html, b.Image, "box-image");
        }
        html.Append("<p>");
        InlineHtml.Render(html, InlineHtml.Parse(b.Text));
        html.Append("</p>");
        if (b.Link is not null)
        {
            html.Append("<p><a href=\"");
            Html.Encode(html, b.Link.Url);
            html.Append("\">");
            Html.Encode(html, b.Link.Text);
            html.Append("</a></p>");
        }
        html.Append("</aside>\n");
    }

    private static void List(StringBuilder html, ListBlock l)
    {
        var tag = l.Numbered ? "ol" : "ul";
        html.Append('<').Append(tag).Append('>');
        foreach (var item in l.Items)
        {
            html.Append("<li>");
            InlineHtml.Render(html, InlineHtml.Parse(item));
            html.Append("</li>");
        }
        html.Append("</").Append(tag).Append(">\n");
    }

    private static void Related(StringBuilder html, RelatedBlock r, RenderContext context, Labels labels)
    {
        var links = r.Slugs.Select(s => context.Related.GetValueOrDefault(s)).OfType<RelatedLink>().ToList();
        // Slugs not published yet are kept in the document; publishing them re-renders this article.
        if (links.Count == 0)
        {
            return;
        }
        html.Append("<nav class=\"related\" aria-label=\"");
        Html.Encode(html, labels.Related);
        html.Append("\"><h2>");
        Html.Encode(html, labels.Related);
        html.Append("</h2><ul>");
        foreach (var link in links)
        {
            html.Append("<li><a href=\"");
            Html.Encode(html, link.Path);
            html.Append("\">");
            if (link.Topline is not null)
            {
                html.Append("<span class=\"topline\">");
                Html.Encode(html, link.Topline);
                html.Append("</span> ");
            }
            Html.Encode(html, link.Title);
            html.Append("</a></li>");
        }
        html.Append("</ul></nav>\n");
    }

    // Third-party HTML is never inlined: an embed is a plain link card to the original.
    private static void Embed(StringBuilder html, EmbedBlock e, Labels labels)
    {
        var host = new Uri(e.Url).Host;
        html.Append("<figure class=\"embed\"><a href=\"");
        Html.Encode(html, e.Url);
        html.Append("\" rel=\"noopener nofollow\">");
        Html.Encode(html, e.Title ?? e.Url);
        html.Append("</a><figcaption>");
        Html.Encode(html, labels.ExternalContent);
        html.Append(": ");
        Html.Encode(html, host);
        html.Append("</figcaption></figure>\n");
    }

    private static string CultureName(string language)
    {
        try
        {
            return CultureInfo.GetCultureInfo(language).NativeName;
        }
        catch (CultureNotFoundException)
        {
            return language;
        }
    }
}
