using System.Globalization;
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

    [ThreadStatic]
    private static Dictionary<string, SnowballProgram>? stemmers;

    public static IEnumerable<(int Start, int Length, string Word)> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }
            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
            {
                i++;
            }
            if (i > start)
            {
                yield return (start, i - start, text[start..i].ToLower(CultureInfo.InvariantCulture));
            }
        }
    }

    public static string Stem(string word, string language)
    {
        var key = LanguageKey(language);
        if (key is null)
        {
            return word;
        }
        stemmers ??= new Dictionary<string, SnowballProgram>(StringComparer.Ordinal);
        if (!stemmers.TryGetValue(key, out var stemmer))
        {
            stemmer = key == "de" ? new Lucene.Net.Tartarus.Snowball.Ext.GermanStemmer() : new EnglishStemmer();
            stemmers[key] = stemmer;
        }
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    public static bool IsStopWord(string word) =>
        EnglishAnalyzer.DefaultStopSet.Contains(word) || GermanAnalyzer.DefaultStopSet.Contains(word);

    // The indexed form of a field: its stems, space-separated, in order (phrases still match).
    public static string IndexForm(string? text, string language)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        var builder = new StringBuilder(text.Length);
        foreach (var (_, _, word) in Words(text))
        {
            builder.Append(Stem(word, language)).Append(' ');
        }
        return builder.ToString().TrimEnd();
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

    private static string? LanguageKey(string language) =>
        language.StartsWith("de", StringComparison.Ordinal) ? "de" : language.StartsWith("en", StringComparison.Ordinal) ? "en" : null;
}
