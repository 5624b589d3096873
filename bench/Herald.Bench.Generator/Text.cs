using System.Text;

namespace Herald.Bench.Generator;

// Sentences and paragraphs of plausible news prose from the fixed word lists.
internal sealed class Text(Random random, Cast cast)
{
    public string Words(int count, bool capitalise = true)
    {
        var builder = new StringBuilder(count * 8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            builder.Append(Word());
        }
        if (capitalise)
        {
            builder[0] = char.ToUpperInvariant(builder[0]);
        }
        return builder.ToString();
    }

    public string Sentence(int min = 8, int max = 22)
    {
        var count = random.Next(min, max + 1);
        var sentence = Words(count);
        if (count > 12 && random.Next(3) == 0)
        {
            // A clause break somewhere in the middle.
            var space = sentence.IndexOf(' ', sentence.Length / 2);
            if (space > 0)
            {
                sentence = sentence[..space] + "," + sentence[space..];
            }
        }
        return sentence + ".";
    }

    // Plain prose of about the given number of words, in whole sentences.
    public string Prose(int words)
    {
        var builder = new StringBuilder(words * 7);
        var written = 0;
        while (written < words)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }
            var sentence = random.Next(8) == 0 ? QuotedSentence() : Sentence();
            builder.Append(sentence);
            written += sentence.Count(c => c == ' ') + 1;
        }
        return builder.ToString();
    }

    // Prose with the inline markup the format allows: strong, em, links, character references.
    public string InlineHtml(int words, IReadOnlyList<string> earlierPaths)
    {
        var prose = Prose(words).Replace("&", "&amp;", StringComparison.Ordinal);
        var parts = prose.Split(' ');
        var marked = new bool[parts.Length];
        var marks = random.Next(4) == 0 ? random.Next(1, 4) : 0;
        for (var m = 0; m < marks && parts.Length > 4; m++)
        {
            var at = random.Next(parts.Length - 3);
            var span = random.Next(1, 4);
            // Marks never overlap, so a link never ends up inside another link.
            if (Array.IndexOf(marked, true, at, span) >= 0)
            {
                continue;
            }
            Array.Fill(marked, true, at, span);
            var (open, close) = random.Next(3) switch
            {
                0 => ("<strong>", "</strong>"),
                1 => ("<em>", "</em>"),
                _ => ($"<a href=\"{LinkTarget(earlierPaths)}\">", "</a>"),
            };
            // Keep punctuation outside the element, as an editor would.
            var last = parts[at + span - 1];
            var trailing = last.Length > 0 && char.IsPunctuation(last[^1]) ? last[^1..] : "";
            parts[at] = open + parts[at];
            last = parts[at + span - 1];
            parts[at + span - 1] = last[..^trailing.Length] + close + trailing;
        }
        return string.Join(' ', parts);
    }

    public string Name() => Cast.Skewed(random, cast.People, 1.5);

    public string Place() => Cast.Skewed(random, global::Herald.Bench.Generator.Words.Places, 1.5);

    private string QuotedSentence() => $"\u201C{Sentence(5, 14).TrimEnd('.')},\u201D {Name()} said.";

    private string Word()
    {
        var roll = random.Next(40);
        return roll switch
        {
            0 => Place(),
            1 => Name().Split(' ')[1],
            2 => random.Next(2, 2000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Cast.Skewed(random, global::Herald.Bench.Generator.Words.Common, 2.2),
        };
    }

    private string LinkTarget(IReadOnlyList<string> earlierPaths) =>
        earlierPaths.Count > 0 && random.Next(2) == 0
            ? earlierPaths[random.Next(earlierPaths.Count)]
            : $"https://www.example.org/{Words(random.Next(1, 4), capitalise: false).Replace(' ', '-').ToLowerInvariant()}?id={random.Next(100000)}&amp;lang=en";
}
