using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Herald.Articles;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Api;

// The content API's article representation, written straight from the stored revision:
// herald/article@1 as published (no "state", the public first-published and status times in
// the site's zone) plus id, url and the rendered html. A stored document was checked by
// ArticleFormat and written by ArticleJson when it was saved, in ArticleJson's fixed property
// order, so it is copied property by property instead of being parsed, checked and written
// again for every item of every list (that made a 20-item list about 5 ms). Field selection
// keeps the named top-level properties; id and url always.
public static class ApiJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string ContentType = "application/json; charset=utf-8";

    public static IResult Article(ApiArticleRow row, string baseUrl, HeraldOptions options, IReadOnlySet<string>? fields) =>
        Result(SizeOf([row]), w => WriteArticle(w, row, baseUrl, options, fields));

    public static IResult List(IReadOnlyList<ApiArticleRow> rows, string? next, string baseUrl, HeraldOptions options, IReadOnlySet<string>? fields) =>
        Result(SizeOf(rows), w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var row in rows)
            {
                WriteArticle(w, row, baseUrl, options, fields);
            }
            w.WriteEndArray();
            w.WriteString("next", next);
            w.WriteEndObject();
        });

    public static void WriteArticle(Utf8JsonWriter w, ApiArticleRow row, string baseUrl, HeraldOptions options, IReadOnlySet<string>? fields)
    {
        using var document = JsonDocument.Parse(row.Document);
        w.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            // Replaced: a published article has no state, and its times are the public ones.
            if (property.NameEquals("state") || property.NameEquals("published") || property.NameEquals("updated"))
            {
                continue;
            }
            if (Keeps(fields, property.Name))
            {
                property.WriteTo(w);
            }
            // ArticleJson writes the times right after the lead (and the state), which every document has.
            if (property.NameEquals("lead"))
            {
                WriteTime(w, fields, "published", row.FirstPublishedAt, options);
                WriteTime(w, fields, "updated", row.UpdatedAt, options);
            }
        }
        w.WriteNumber("id", row.Id);
        w.WriteString("url", baseUrl + ArticlePaths.Article(row.SectionSlug, row.Slug));
        if (Keeps(fields, "html"))
        {
            w.WriteString("html", row.BodyHtml);
        }
        w.WriteEndObject();
    }

    private static bool Keeps(IReadOnlySet<string>? fields, string name) => fields is null || fields.Contains(name);

    private static void WriteTime(Utf8JsonWriter w, IReadOnlySet<string>? fields, string name, long ms, HeraldOptions options)
    {
        if (Keeps(fields, name))
        {
            w.WriteString(name, ArticleJson.Time(TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(ms), options.Zone)));
        }
    }

    private static IResult Result(int size, Action<Utf8JsonWriter> write) => Results.Bytes(Serialize(write, size), ContentType);

    // About what the rows will take, so a list of large articles is not copied into ever larger buffers.
    private static int SizeOf(IReadOnlyList<ApiArticleRow> rows)
    {
        var size = 256;
        foreach (var row in rows)
        {
            size += row.Document.Length + row.BodyHtml.Length * 9 / 8 + 256;
        }
        return size;
    }

    // Markup and non-ASCII text are written as they are: the response is JSON, never HTML.
    public static ReadOnlyMemory<byte> Serialize(Action<Utf8JsonWriter> write, int size = 16 * 1024)
    {
        var buffer = new ArrayBufferWriter<byte>(size);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            write(w);
        }
        return buffer.WrittenMemory;
    }
}
