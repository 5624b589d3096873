namespace Herald.Search;

// What a reader typed, turned into stems. Nothing the reader types reaches the
// full-text engine's own syntax: the match expression is built only from
// stemmed words, each quoted.
public sealed record SearchQuery(IReadOnlyList<IReadOnlyList<string>> Terms, IReadOnlyList<IReadOnlyList<string>> Phrases, string? Problem)
{
    public const int MaxLength = 200;
    public const int MaxWords = 12;

    // Every stem any language gives for any query word: what the snippet highlights.
    public IReadOnlySet<string> Stems => Terms.SelectMany(t => t).Concat(Phrases.SelectMany(p => p.SelectMany(v => v.Split(' ')))).ToHashSet(StringComparer.Ordinal);

    public static SearchQuery Parse(string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0)
        {
            return new([], [], "Type one or more words to search for.");
        }
        if (text.Length > MaxLength)
        {
            return new([], [], $"Your search is {text.Length} characters long; please use at most {MaxLength}.");
        }
        var terms = new List<IReadOnlyList<string>>();
        var phrases = new List<IReadOnlyList<string>>();
        var sawStopWordsOnly = false;
        var parts = text.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            var words = SearchText.Words(parts[i]).Select(w => w.Word).ToList();
            // Odd parts were inside quotes (an unbalanced quote simply runs to the end).
            if (i % 2 == 1 && words.Count > 1)
            {
                phrases.Add(SearchText.Languages.Select(l => string.Join(' ', words.Select(w => SearchText.Stem(w, l)))).Distinct().ToList());
                continue;
            }
            foreach (var word in words)
            {
                if (SearchText.IsStopWord(word))
                {
                    sawStopWordsOnly = true;
                    continue;
                }
                terms.Add(SearchText.Languages.Select(l => SearchText.Stem(word, l)).Append(word).Distinct().ToList());
            }
        }
        if (terms.Count + phrases.Count > MaxWords)
        {
            return new([], [], $"Your search has too many words; please use at most {MaxWords}.");
        }
        if (terms.Count == 0 && phrases.Count == 0)
        {
            return new([], [], sawStopWordsOnly
                ? "Your search contains only very common words such as \"the\" or \"und\". Add a more specific word."
                : "Type one or more words (letters or digits) to search for.");
        }
        return new(terms, phrases, null);
    }

    // SQLite FTS5: ("stem1" OR "stem2") AND "phrase words" ...; every token is double-quoted.
    public string ToFts5()
    {
        var clauses = Terms.Select(variants => "(" + string.Join(" OR ", variants.Select(Quote)) + ")")
            .Concat(Phrases.Select(variants => "(" + string.Join(" OR ", variants.Select(Quote)) + ")"));
        return string.Join(" AND ", clauses);
    }

    // PostgreSQL tsquery over the 'simple' configuration: (a | b) & (c <-> d).
    public string ToTsQuery()
    {
        static string Lexeme(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal) + "'";
        var clauses = Terms.Select(variants => "(" + string.Join(" | ", variants.Select(Lexeme)) + ")")
            .Concat(Phrases.Select(variants => "(" + string.Join(" | ", variants.Select(v => "(" + string.Join(" <-> ", v.Split(' ').Select(Lexeme)) + ")")) + ")"));
        return string.Join(" & ", clauses);
    }

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
