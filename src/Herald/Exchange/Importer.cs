using System.Text.Json;
using System.Threading.Channels;
using Herald.Articles;

namespace Herald.Exchange;

// Stopped: cancelled (Ctrl+C, SIGTERM) before the end of the file. The articles printed
// before the stop are stored; the batch that was open is rolled back, none of it printed.
public sealed record ImportSummary(int Imported, int Failed, bool Stopped = false);

// Reads herald/article@1 files (one object, or JSON Lines) and saves each valid
// article through the publishing use case. A bad article is reported with where
// it is and what is wrong, and writes nothing; the rest of the file still imports.
// Articles are saved in batches, one transaction each (see PublishBatch), and a
// path is printed only once its batch has committed: what is printed is stored.
public sealed class Importer(Publisher publisher, TimeProvider clock)
{
    // A batch ends at this many articles or after this much work, whichever comes first:
    // large enough that the commit's fsync is spread thin, short enough that the
    // writer lock is not held for long and progress shows.
    private const int BatchArticles = 500;
    private static readonly TimeSpan BatchTime = TimeSpan.FromMilliseconds(250);

    // Articles parsed and prepared ahead of the writer (see ImportFileAsync).
    private const int ReadAhead = 64;

    // One article of the file, parsed and prepared for saving, or refused with its errors.
    private sealed record Item(int? Line, PreparedArticle? Article, string Slug, IReadOnlyList<FormatError> Errors);

    public async Task<ImportSummary> ImportFileAsync(string file, TextWriter output, TextWriter errors, CancellationToken ct = default)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(file, new FileStreamOptions { Options = FileOptions.SequentialScan });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{file}: -: -: cannot read the file: {e.Message}");
            return new ImportSummary(0, 1);
        }
        using var _ = reader;
        var name = Path.GetFileName(file);
        var note = $"Imported from {name}";
        var imported = 0;
        var failed = 0;

        // Reading, parsing, rendering and stemming need no database, so they run on another
        // thread while this one writes: a bulk import may use a second core.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var items = Channel.CreateBounded<Item>(new BoundedChannelOptions(ReadAhead) { SingleReader = true, SingleWriter = true });
        var reading = Task.Run(() => ReadItemsAsync(reader, items.Writer, stop.Token), CancellationToken.None);
        PublishBatch? batch = null;
        var known = new UpsertedIds();
        var paths = new List<string>();
        var started = 0L;
        var stopped = false;
        try
        {
            await foreach (var item in items.Reader.ReadAllAsync(ct))
            {
                // FILE:LINE: SLUG: PATH: MESSAGE, as docs/article-format.md fixes it; "-" where there is no slug or path.
                var where = $"{name}:{item.Line ?? 1}";
                if (item.Article is null)
                {
                    foreach (var error in item.Errors)
                    {
                        await errors.WriteLineAsync($"{where}: {item.Slug}: {(error.Path.Length == 0 ? "-" : error.Path)}: {error.Message}");
                    }
                    failed++;
                    continue;
                }
                if (batch is null)
                {
                    batch = await publisher.BeginBatchAsync(known, ct);
                    started = clock.GetTimestamp();
                }
                try
                {
                    paths.Add((await batch.SaveAsync(item.Article, by: "import", note, ct)).Path);
                }
                catch (PublishException e)
                {
                    await errors.WriteLineAsync($"{where}: {item.Slug}: -: {e.Message}");
                    failed++;
                }
                if (paths.Count >= BatchArticles || clock.GetElapsedTime(started) >= BatchTime)
                {
                    imported += await CommitAsync(batch, paths, output, ct);
                    batch = null;
                }
            }
            if (batch is not null)
            {
                imported += await CommitAsync(batch, paths, output, ct);
                batch = null;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stopped = true;
        }
        finally
        {
            if (batch is not null)
            {
                await batch.DisposeAsync();
            }
            // Stops the reader when writing ended early; otherwise it has finished already.
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        return new ImportSummary(imported, failed, stopped);
    }

    private async Task ReadItemsAsync(TextReader reader, ChannelWriter<Item> items, CancellationToken ct)
    {
        try
        {
            await foreach (var (line, json) in ImportFile.ReadAsync(reader, ct))
            {
                var parsed = ArticleFormat.Parse(json);
                await items.WriteAsync(parsed.Ok
                    ? new Item(line, publisher.Prepare(parsed.Document!), parsed.Document!.Slug, [])
                    : new Item(line, null, SlugOf(json), parsed.Errors), ct);
            }
        }
        finally
        {
            items.TryComplete();
        }
    }

    // Not cancellable once it starts: a batch is committed and printed, or neither, so a
    // stop never leaves stored articles unreported.
    private static async Task<int> CommitAsync(PublishBatch batch, List<string> paths, TextWriter output, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await using (batch)
        {
            await batch.CommitAsync(CancellationToken.None);
        }
        foreach (var path in paths)
        {
            await output.WriteLineAsync(path);
        }
        await output.FlushAsync(CancellationToken.None);
        var count = paths.Count;
        paths.Clear();
        return count;
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
