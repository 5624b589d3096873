namespace Herald.Search;

// PostgreSQL answers a phrase from its full-text index only as far as "both words occur";
// the words' positions are then checked in each candidate's whole vector, so a phrase of two
// common words read some 70,000 vectors to find 480 articles (about 1 s on the benchmark
// site). Every pair of neighbouring stems in a field is therefore also indexed, as a 32-bit
// hash (article_search.pairs, a GIN-indexed integer array): a phrase first narrows to the
// articles holding all of its pairs, and only those are checked by position. A collision
// only lets an extra article through to that check, never leaves one out.
//
// The hash is stored: changing it, or how fields are split into words, must clear the
// column (the start-up pairing fills it again, SearchIndex.PairUnpairedAsync).
public static class WordPairs
{
    // The pairs of an article's indexed fields. A pair never spans two fields, as in SQLite's
    // index, whose phrases match within one column.
    public static int[] Of(SearchFields f)
    {
        var pairs = new HashSet<int>();
        foreach (var field in (string[])[f.Title, f.Tags, f.Topline, f.Lead, f.Speakers, f.Body])
        {
            Add(field, pairs);
        }
        var sorted = pairs.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    // The pairs a phrase (its stems, space-separated) needs; a one-word phrase needs none.
    public static int[] Of(string phrase)
    {
        var pairs = new HashSet<int>();
        Add(phrase, pairs);
        return [.. pairs];
    }

    // An indexed form is stems separated by single spaces (SearchText.IndexForm).
    private static void Add(string indexForm, HashSet<int> pairs)
    {
        var text = indexForm.AsSpan();
        var previous = ReadOnlySpan<char>.Empty;
        while (text.Length > 0)
        {
            var space = text.IndexOf(' ');
            var word = space < 0 ? text : text[..space];
            text = space < 0 ? [] : text[(space + 1)..];
            if (word.IsEmpty)
            {
                continue;
            }
            if (!previous.IsEmpty)
            {
                pairs.Add(Hash(previous, word));
            }
            previous = word;
        }
    }

    // FNV-1a over the two words' UTF-16 code units with a separator between them: fixed
    // forever, unlike string.GetHashCode, which differs from one process to the next.
    internal static int Hash(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var hash = 2166136261u;
        foreach (var c in first)
        {
            hash = (hash ^ c) * 16777619u;
        }
        hash = (hash ^ ' ') * 16777619u;
        foreach (var c in second)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return unchecked((int)hash);
    }
}
