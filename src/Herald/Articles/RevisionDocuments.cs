using System.Collections.Concurrent;

namespace Herald.Articles;

// A revision's document never changes once written (only its rendered HTML is redone), so
// the parsed document is kept by revision id: the public article page and the comment
// rules read it on every request, and parsing it (blocks, inline markup, JSON) was a large
// part of both. Bounded: emptied whole when full.
public sealed class RevisionDocuments
{
    private const int Limit = 1024;
    private readonly ConcurrentDictionary<long, ArticleDocument?> parsed = new();

    public ArticleDocument? Of(long revisionId, string document) =>
        parsed.TryGetValue(revisionId, out var doc) ? doc : Keep(revisionId, document);

    // For callers that have only the id: the document is read only when it is not kept.
    public async Task<ArticleDocument?> OfAsync(long revisionId, Func<Task<string?>> load) =>
        parsed.TryGetValue(revisionId, out var doc) ? doc : Keep(revisionId, await load() ?? "");

    private ArticleDocument? Keep(long revisionId, string document)
    {
        var doc = ArticleFormat.Parse(document).Document;
        if (parsed.Count >= Limit)
        {
            parsed.Clear();
        }
        parsed[revisionId] = doc;
        return doc;
    }
}
