using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Herald.Articles;
using Lucene.Net.Analysis.De;
using Lucene.Net.Analysis.En;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace Herald.Search;

// Language-aware text for the search index, shared by both SQL dialects so that
// SQLite and PostgreSQL find the same articles: words are lowercased and reduced
// to their Snowball stem in the article's language before they are indexed, and
// query words are stemmed in every supported language.
public static class SearchText
{
    public static readonly IReadOnlyList<string> Languages = ["en", "de"];

    // Words longer than this are lowercased into an array instead of on the stack.
    private const int StackWord = 128;

    [ThreadStatic]
    private static Dictionary<string, CachingStemmer>? stemmers;

    public static IEnumerable<(int Start, int Length, string Word)> Words(string text)
    {
        for (var i = 0; NextWord(text, ref i, out var start);)
        {
            yield return (start, i - start, text[start..i].ToLower(CultureInfo.InvariantCulture));
        }
    }

    public static string Stem(string word, string language) => StemmerFor(language)?.Stem(word) ?? word;

    // The words of text, each with whether it matches one of stems, as written (lowercased)
    // or by its stem: the same words and forms as Words and Stem, without a string per word.
    public static List<(int Start, int Length, bool Hit)> Matches(string text, string language, IReadOnlySet<string> stems)
    {
        var lookup = (stems as HashSet<string> ?? stems.ToHashSet(StringComparer.Ordinal)).GetAlternateLookup<ReadOnlySpan<char>>();
        // Stemming changes a word's ending, never its first letter, except that the German
        // stemmer writes an umlaut without its dots: a word whose first letter (so mapped)
        // begins no stem cannot match, and most words are passed over without a lookup.
        var firsts = new HashSet<char>();
        foreach (var stem in stems)
        {
            if (stem.Length > 0)
            {
                firsts.Add(stem[0]);
            }
        }
        var stemmer = StemmerFor(language);
        var words = new List<(int, int, bool)>(text.Length / 6);
        Span<char> buffer = stackalloc char[StackWord];
        for (var i = 0; NextWord(text, ref i, out var start);)
        {
            var length = i - start;
            var first = char.ToLowerInvariant(text[start]);
            var hit = false;
            if (firsts.Contains(first) || firsts.Contains(first switch { 'ä' => 'a', 'ö' => 'o', 'ü' => 'u', _ => first }))
            {
                var lower = length <= StackWord ? buffer[..length] : new char[length];
                text.AsSpan(start, length).ToLowerInvariant(lower);
                hit = lookup.Contains(lower) || (stemmer is not null && lookup.Contains(stemmer.Stem(lower)));
            }
            words.Add((start, length, hit));
        }
        return words;
    }

    public static bool IsStopWord(string word) =>
        EnglishAnalyzer.DefaultStopSet.Contains(word) || GermanAnalyzer.DefaultStopSet.Contains(word);

    // The indexed form of a field: its stems, space-separated, in order (phrases still match).
    // The same words as Words, lowercased the same way, but without a string per word.
    public static string IndexForm(string? text, string language)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var stemmer = StemmerFor(language);
        var builder = new StringBuilder(text.Length);
        Span<char> buffer = stackalloc char[StackWord];
        for (var i = 0; NextWord(text, ref i, out var start);)
        {
            var word = text.AsSpan(start, i - start);
            var lower = word.Length <= StackWord ? buffer[..word.Length] : new char[word.Length];
            word.ToLowerInvariant(lower);
            if (stemmer is null)
            {
                builder.Append(lower);
            }
            else
            {
                builder.Append(stemmer.Stem(lower));
            }
            builder.Append(' ');
        }
        while (builder.Length > 0 && char.IsWhiteSpace(builder[^1]))
        {
            builder.Length--;
        }
        return builder.ToString();
    }

    // The words of an article's body as plain text: paragraphs, subheadings, quotes, boxes, lists, captions.
    public static string BodyText(ArticleDocument doc)
    {
        var builder = new StringBuilder();
        foreach (var block in doc.Blocks)
        {
            var text = block switch
            {
                ParagraphBlock p => InlineHtml.ToPlainText(p.Text),
                SubheadingBlock s => s.Text,
                QuoteBlock q => q.Text,
                BoxBlock b => b.Title + ". " + InlineHtml.ToPlainText(b.Text),
                ListBlock l => string.Join(". ", l.Items.Select(InlineHtml.ToPlainText)),
                ImageBlock i => i.Image.Caption,
                VideoBlock v => v.Caption,
                AudioBlock a => a.Caption,
                GalleryBlock g => g.Caption,
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(text))
            {
                builder.Append(text.Trim()).Append('\n');
            }
        }
        return builder.ToString();
    }

    // A word is letters and digits, with inner apostrophes ("don't", "Kohl’s"). Called for
    // every word indexed: compiled optimized at once rather than through the tiers.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool NextWord(string text, ref int i, out int start)
    {
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
        {
            i++;
        }
        start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
        {
            i++;
        }
        return i > start;
    }

    private static CachingStemmer? StemmerFor(string language)
    {
        var key = LanguageKey(language);
        if (key is null)
        {
            return null;
        }
        stemmers ??= new Dictionary<string, CachingStemmer>(StringComparer.Ordinal);
        if (!stemmers.TryGetValue(key, out var stemmer))
        {
            stemmer = new CachingStemmer(key == "de" ? new Lucene.Net.Tartarus.Snowball.Ext.GermanStemmer() : new EnglishStemmer());
            stemmers[key] = stemmer;
        }
        return stemmer;
    }

    private static string? LanguageKey(string language) =>
        language.StartsWith("de", StringComparison.Ordinal) ? "de" : language.StartsWith("en", StringComparison.Ordinal) ? "en" : null;

    // Text repeats its words and a Snowball stem costs far more than a lookup, so stems
    // are remembered (per thread, like the stemmer); the bound keeps a server's cache small.
    private sealed class CachingStemmer
    {
        private const int MaxWords = 50_000;

        private readonly SnowballProgram program;
        private readonly Dictionary<string, string> stems = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> bySpan;

        public CachingStemmer(SnowballProgram program)
        {
            this.program = program;
            bySpan = stems.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string Stem(ReadOnlySpan<char> word)
        {
            if (bySpan.TryGetValue(word, out var stem))
            {
                return stem;
            }
            if (stems.Count >= MaxWords)
            {
                stems.Clear();
            }
            var key = word.ToString();
            program.SetCurrent(key);
            program.Stem();
            stem = program.Current;
            stems[key] = stem;
            return stem;
        }
    }
}
