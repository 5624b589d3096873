using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Herald.Exchange;

// How an import file is cut into articles: one JSON object (pretty-printed or not), or
// JSON Lines. Line numbers only mean something for the latter.
public static class ImportFile
{
    // A file already read into memory.
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

    // The same as Split, read as the file streams, without holding a JSON Lines file in
    // memory or parsing it twice: when the first non-blank line is a whole JSON value, the
    // file is JSON Lines (or just that value). Anything else may be one pretty-printed
    // object, which is read whole and split.
    public static async IAsyncEnumerable<(int? Line, string Json)> ReadAsync(TextReader reader, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var lines = new LineReader(reader);
        var (first, firstNumber) = await lines.NextNonBlankAsync(ct);
        if (first is null)
        {
            yield break;
        }
        if (!IsSingleDocument(first))
        {
            foreach (var (line, json) in Split(first + "\n" + await lines.RestAsync(ct)))
            {
                yield return (line + firstNumber - 1, json);
            }
            yield break;
        }
        var (next, number) = await lines.NextNonBlankAsync(ct);
        if (next is null)
        {
            yield return (null, first);
            yield break;
        }
        yield return (firstNumber, first);
        while (next is not null)
        {
            yield return (number, next);
            (next, number) = await lines.NextNonBlankAsync(ct);
        }
    }

    // Lines end at "\n" only, as in Split (a stray "\r" is JSON whitespace, not a line end).
    private sealed class LineReader(TextReader reader)
    {
        private readonly char[] buffer = new char[1 << 16];
        private readonly StringBuilder partial = new();
        private int start;
        private int end;
        private int number;
        private bool done;

        // The next line with something on it, trimmed, and its number (from 1).
        public async ValueTask<(string? Line, int Number)> NextNonBlankAsync(CancellationToken ct)
        {
            while (await NextAsync(ct) is { } line)
            {
                number++;
                if (line.AsSpan().Trim().Length > 0)
                {
                    return (line.Trim(), number);
                }
            }
            return (null, number);
        }

        public async Task<string> RestAsync(CancellationToken ct) =>
            new string(buffer, start, end - start) + await reader.ReadToEndAsync(ct);

        private async ValueTask<string?> NextAsync(CancellationToken ct)
        {
            while (true)
            {
                var newline = Array.IndexOf(buffer, '\n', start, end - start);
                if (newline >= 0)
                {
                    var line = partial.Length == 0 ? new string(buffer, start, newline - start) : partial.Append(buffer, start, newline - start).ToString();
                    partial.Clear();
                    start = newline + 1;
                    return line;
                }
                partial.Append(buffer, start, end - start);
                (start, end) = (0, await reader.ReadAsync(buffer.AsMemory(), ct));
                if (end == 0)
                {
                    if (done)
                    {
                        return null;
                    }
                    done = true;
                    var last = partial.ToString();
                    partial.Clear();
                    return last;
                }
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

}
