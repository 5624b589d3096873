using Herald.Demo;
using Herald.Search;

namespace Herald.Tests.Search;

// SearchText.Matches marks the words of a text that match a query, without a string per
// word and without stemming words whose first letter begins no stem. It must mark exactly
// the words that lowercasing and stemming each word marks.
public sealed class SnippetTests
{
    public static TheoryData<string> Queries => new()
    {
        "talks", "Aldmark Serevia", "Gespräche", "Ärzte streiken", "Arzt", "Ol", "budget mayor", "\"river crossing\"", "überprüfen", "lake ice", "Ölpreis",
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Matches_marks_the_same_words_as_stemming_every_word(string query)
    {
        var stems = SearchQuery.Parse(query).Stems;
        var texts = DemoContent.Documents().Select(d => (SearchText.BodyText(d), d.Language))
            .Append(("Die Ärzte streiken, ein Arzt sprach von Ölpreisen und über Öl. Über Nacht: Gespräch, Gespräche.", "de"))
            .ToList();
        var marked = 0;
        foreach (var (text, language) in texts)
        {
            var expected = SearchText.Words(text).Select(w => stems.Contains(SearchText.Stem(w.Word, language)) || stems.Contains(w.Word)).ToList();
            var matches = SearchText.Matches(text, language, stems);
            Assert.Equal(SearchText.Words(text).Select(w => (w.Start, w.Length)), matches.Select(m => (m.Start, m.Length)));
            Assert.Equal(expected, matches.Select(m => m.Hit));
            marked += expected.Count(h => h);
        }
        Assert.True(marked > 0, $"no word of the demo articles matches \"{query}\"; the query tests nothing");
    }

    // The German stemmer writes the umlaut without its dots: "Ärzte" stems to "arzt", so a
    // word beginning with "Ä" can match a query whose stems all begin with "a".
    [Theory]
    [InlineData("Ärzte")]
    [InlineData("Arzt")]
    public void A_German_word_beginning_with_an_umlaut_matches_its_stem(string query)
    {
        var stems = SearchQuery.Parse(query).Stems;
        const string text = "Die Ärzte streiken, ein Arzt sprach.";
        var hits = SearchText.Matches(text, "de", stems).Where(m => m.Hit).Select(m => text.Substring(m.Start, m.Length));
        Assert.Equal(["Ärzte", "Arzt"], hits);
    }
}
