using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace Herald.Articles;

// A revision's document never changes once written (only its rendered HTML is redone), so
// the parsed document is kept by revision id: the public article page and the comment
// rules read it on every request, and parsing it (blocks, inline markup, JSON) was a large
// part of both. Bounded: when full, the least recently read quarter goes, so a crawl through
// the archive does not push out the stories everyone is reading.
public sealed class RevisionDocuments
{
    public const int Limit = 1024;

    private sealed class Kept(ArticleDocument? document, long lastRead)
    {
        public ArticleDocument? Document { get; } = document;
        public long LastRead = lastRead;
    }

    private readonly ConcurrentDictionary<long, Kept> parsed = new();
    private long reads;

    public int Count => parsed.Count;

    public ArticleDocument? Of(long revisionId, string document) =>
        parsed.TryGetValue(revisionId, out var kept) ? Read(kept) : Keep(revisionId, document);

    // For callers that have only the id: the document is read only when it is not kept, with
    // Load on a connection the caller opens then (or already has).
    public async Task<ArticleDocument?> OfAsync(long revisionId, Func<Task<string?>> load) =>
        parsed.TryGetValue(revisionId, out var kept) ? Read(kept) : Keep(revisionId, await load() ?? "");

    public static Task<string?> Load(DbConnection c, long revisionId) =>
        c.ExecuteScalarAsync<string?>("SELECT document FROM article_revisions WHERE id = @revisionId", new { revisionId });

    public bool Holds(long revisionId) => parsed.ContainsKey(revisionId);

    private ArticleDocument? Read(Kept kept)
    {
        kept.LastRead = Interlocked.Increment(ref reads);
        return kept.Document;
    }

    private ArticleDocument? Keep(long revisionId, string document)
    {
        var doc = ArticleFormat.Parse(document).Document;
        if (parsed.Count >= Limit)
        {
            foreach (var (id, _) in parsed.OrderBy(e => e.Value.LastRead).Take(Limit / 4).ToList())
            {
                parsed.TryRemove(id, out _);
            }
        }
        parsed[revisionId] = new Kept(doc, Interlocked.Increment(ref reads));
        return doc;
    }
}
