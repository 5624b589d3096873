using System.Buffers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using BenchmarkDotNet.Attributes;
using Herald.Articles;
using Herald.Comments;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Benchmarks;

// The article page as a reader gets it, from what its queries returned: the page's data
// (metadata, JSON-LD), the site frame, head, article and a page of comments, written by
// ArticleHtml as the handler does. The queries and HTTP are the load harness's part (its
// uncached article row measures the whole request).
[MemoryDiagnoser]
public class PageBenchmarks
{
    private readonly HtmlEncoder encoder = HtmlEncoder.Create(new TextEncoderSettings(UnicodeRanges.All));
    private readonly HeraldOptions options = new();
    private readonly ClaimsPrincipal reader = new(new ClaimsIdentity());
    private readonly IReadOnlyList<NamedLink> sections =
        [.. new[] { "culture", "economy", "environment", "health", "local", "opinion", "politics", "science", "sport", "technology", "travel", "world" }
            .Select(s => new NamedLink(s, Slugs.Humanize(s)))];

    private ArticleView article = null!;
    private ArticleDocument doc = null!;
    private DiscussionModel discussion = null!;

    [ParamsSource(nameof(Articles))]
    public string Article { get; set; } = Samples.Typical;

    public static IEnumerable<string> Articles => Samples.Names;

    // A first page of comments (25 threads, the default page size, some with replies), or none.
    [Params(0, 25)]
    public int Comments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        doc = Samples.Document(Article);
        var published = (doc.Published ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds();
        article = new ArticleView
        {
            Id = 1,
            Slug = doc.Slug,
            State = ArticleStates.Published,
            SectionSlug = doc.Section,
            SectionName = doc.DisplaySectionName,
            FirstPublishedAt = published,
            UpdatedAt = published + 3_600_000,
            BodyHtml = System.Text.Encoding.UTF8.GetBytes(BlockRenderer.Render(doc.Blocks, Samples.Context(doc))),
            Language = doc.Language,
        };
        var texts = Samples.CommentTexts();
        var threads = Enumerable.Range(0, Comments).Select(i => Comment(i + 1, null, texts[i % texts.Count], published)).ToList();
        foreach (var thread in threads.Where(t => t.Id % 4 == 0))
        {
            thread.AddReply(Comment(1000 + thread.Id, thread.Id, texts[(int)thread.Id * 7 % texts.Count], published));
        }
        discussion = new DiscussionModel(1, ArticlePaths.Article(doc.Section, doc.Slug), doc.Language, options.Zone,
            new DiscussionState(1, "open", true, null, null), new DiscussionPage(Comments * 5 / 4, "newest", 1, Comments > 0, threads), null, null);
    }

    // The UTF-8 bytes, as the response gets them (WrittenPage); the buffer stands in for the
    // response's and is reused, as Kestrel reuses its.
    private readonly ArrayBufferWriter<byte> output = new(64 * 1024);

    [Benchmark(Description = "ArticleHtml.Page (article page)")]
    public int Page()
    {
        output.ResetWrittenCount();
        var page = new PageWriter(encoder, 16 * 1024);
        ArticleHtml.Page(page, new ArticlePageView(article, doc, [], "https://news.example", options, discussion), sections, reader);
        page.Finish(output);
        return output.WrittenCount;
    }

    // The page's bytes, for benchmarks of what is done with a whole page (CompressionBenchmarks).
    public byte[] Bytes()
    {
        Page();
        return output.WrittenSpan.ToArray();
    }

    private static CommentView Comment(long id, long? parent, string text, long after) => new()
    {
        Id = id,
        ParentId = parent,
        UserId = id,
        AuthorName = $"Reader {id}",
        AuthorKind = "reader",
        Body = text,
        State = "approved",
        CreatedAt = after + id * 60_000,
        Recommendations = (int)(id % 5),
    };
}
