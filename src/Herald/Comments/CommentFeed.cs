using System.Globalization;
using System.Text;
using System.Xml;
using Dapper;
using Herald.Data;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Comments;

// GET /feeds/comments/{articleId}.xml: an Atom feed of the approved comments of one
// article, newest first, evicted whenever its discussion changes.
public static class CommentFeed
{
    public static string Path(long articleId) => $"/feeds/comments/{articleId.ToString(CultureInfo.InvariantCulture)}.xml";

    private sealed class Row
    {
        public long Id { get; init; }
        public string Body { get; init; } = "";
        public string AuthorName { get; init; } = "";
        public long CreatedAt { get; init; }
        public long? EditedAt { get; init; }
    }

    public static void MapCommentFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/feeds/comments/{articleId:long}.xml", async (HttpContext http, long articleId, Db db, ReadingQueries reading, HeraldOptions options) =>
        {
            if (await reading.ArticleByIdAsync(articleId) is not { } article)
            {
                return Results.NotFound();
            }
            await using var c = await db.OpenAsync(http.RequestAborted);
            var rows = (await c.QueryAsync<Row>(
                """
                SELECT c.id, c.body, u.display_name AS author_name, c.created_at, c.edited_at
                FROM comments c JOIN users u ON u.id = c.user_id
                WHERE c.article_id = @articleId AND c.state = 'approved'
                ORDER BY c.created_at DESC, c.id DESC LIMIT 50
                """, new { articleId })).ToList();
            var baseUrl = SiteUrl.Base(http, options);
            var articleUrl = baseUrl + article.Path;
            var updated = rows.Count == 0 ? article.UpdatedAt : rows.Max(r => r.EditedAt ?? r.CreatedAt);
            PageCache.Apply(http, updated, $"comments:{articleId}", $"article:{articleId}");

            using var output = new MemoryStream();
            using (var xml = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            {
                const string atom = "http://www.w3.org/2005/Atom";
                xml.WriteStartElement("feed", atom);
                xml.WriteElementString("id", atom, $"{articleUrl}#comments");
                xml.WriteElementString("title", atom, $"Comments on {article.Title}");
                xml.WriteElementString("updated", atom, Times.Iso(updated));
                Link(xml, atom, "alternate", articleUrl + "#comments", "text/html");
                Link(xml, atom, "self", baseUrl + Path(articleId), "application/atom+xml");
                xml.WriteStartElement("author", atom);
                xml.WriteElementString("name", atom, options.SiteName);
                xml.WriteEndElement();
                foreach (var row in rows)
                {
                    xml.WriteStartElement("entry", atom);
                    xml.WriteElementString("id", atom, $"{articleUrl}#comment-{row.Id.ToString(CultureInfo.InvariantCulture)}");
                    xml.WriteElementString("title", atom, $"Comment by {row.AuthorName}");
                    xml.WriteElementString("published", atom, Times.Iso(row.CreatedAt));
                    xml.WriteElementString("updated", atom, Times.Iso(row.EditedAt ?? row.CreatedAt));
                    Link(xml, atom, "alternate", $"{articleUrl}#comment-{row.Id.ToString(CultureInfo.InvariantCulture)}", "text/html");
                    xml.WriteStartElement("author", atom);
                    xml.WriteElementString("name", atom, row.AuthorName);
                    xml.WriteEndElement();
                    xml.WriteStartElement("content", atom);
                    xml.WriteAttributeString("type", "html");
                    xml.WriteString(CommentText.ToHtml(Clean(row.Body)));
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            return Results.Bytes(output.ToArray(), "application/atom+xml; charset=utf-8");
        }).CacheOutput(PageCache.Policy);

    private static void Link(XmlWriter xml, string ns, string rel, string href, string type)
    {
        xml.WriteStartElement("link", ns);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    // Characters XML 1.0 cannot carry (control characters a reader pasted) are left out.
    private static string Clean(string text) => new(text.Where(XmlConvert.IsXmlChar).ToArray());
}
