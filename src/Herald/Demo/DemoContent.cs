using System.Reflection;
using Dapper;
using Herald.Articles;
using Herald.Data;

namespace Herald.Demo;

// Fictional articles shipped with Herald so a first start shows a working site.
public sealed class DemoContent(Db db, Publisher publisher)
{
    public async Task<int> LoadIfEmptyAsync(CancellationToken ct)
    {
        await using (var c = await db.OpenAsync(ct))
        {
            // Whether there is any article, not how many: counting read the whole index at every start.
            if (await c.ExecuteScalarAsync<long?>("SELECT 1 FROM articles LIMIT 1") is not null)
            {
                return 0;
            }
        }
        var documents = Documents().OrderBy(d => d.Published).ToList();
        foreach (var doc in documents)
        {
            await publisher.SaveAsync(doc, by: "demo", note: "Demo content", ct);
        }
        return documents.Count;
    }

    public static IEnumerable<ArticleDocument> Documents()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Demo.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var parsed = ArticleFormat.Parse(reader.ReadToEnd());
            yield return parsed.Document ?? throw new InvalidOperationException($"Demo article {name} is invalid: {string.Join("; ", parsed.Errors)}");
        }
    }
}
