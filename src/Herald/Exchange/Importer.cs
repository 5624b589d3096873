using System.Text.Json;
using Herald.Articles;

namespace Herald.Exchange;

public sealed record ImportSummary(int Imported, int Failed);

// Reads herald/article@1 files (one object, or JSON Lines) and saves each valid
// article through the publishing use case. A bad article is reported with where
// it is and what is wrong, and writes nothing; the rest of the file still imports.
public sealed class Importer(Publisher publisher)
{
    public async Task<ImportSummary> ImportFileAsync(string file, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{file}: -: -: cannot read the file: {e.Message}");
            return new ImportSummary(0, 1);
        }
        var name = Path.GetFileName(file);
        var imported = 0;
        var failed = 0;
        foreach (var (line, json) in Split(text))
        {
            // FILE:LINE: SLUG: PATH: MESSAGE, as docs/article-format.md fixes it; "-" where there is no slug or path.
            var where = $"{name}:{line ?? 1}";
            var parsed = ArticleFormat.Parse(json);
            if (!parsed.Ok)
            {
                var slug = SlugOf(json);
                foreach (var error in parsed.Errors)
                {
                    await errors.WriteLineAsync($"{where}: {slug}: {(error.Path.Length == 0 ? "-" : error.Path)}: {error.Message}");
                }
                failed++;
                continue;
            }
            try
            {
                var outcome = await publisher.SaveAsync(parsed.Document!, by: "import", note: $"Imported from {name}", ct);
                await output.WriteLineAsync(outcome.Path);
                imported++;
            }
            catch (PublishException e)
            {
                await errors.WriteLineAsync($"{where}: {parsed.Document!.Slug}: -: {e.Message}");
                failed++;
            }
        }
        return new ImportSummary(imported, failed);
    }

    // A file is one JSON object (pretty-printed or not) or JSON Lines; line numbers only mean something for the latter.
    public static IEnumerable<(int? Line, string Json)> Split(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            yield break;
        }
        if (IsSingleDocument(trimmed))
        {
            yield return (null, trimmed);
            yield break;
        }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                yield return (i + 1, lines[i].Trim());
            }
        }
    }

    private static bool IsSingleDocument(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string SlugOf(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("slug", out var slug) && slug.ValueKind == JsonValueKind.String
                ? slug.GetString()!
                : "-";
        }
        catch (JsonException)
        {
            return "-";
        }
    }
}
