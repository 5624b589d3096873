using Herald.Articles;

namespace Herald.Tests.Articles;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Council approves the new tram line", "council-approves-the-new-tram-line")]
    [InlineData("Städte & Gemeinden", "staedte-gemeinden")]
    [InlineData("  Café au lait!  ", "cafe-au-lait")]
    [InlineData("Straße", "strasse")]
    [InlineData("NATO", "nato")]
    [InlineData("---", "untitled")]
    [InlineData("2026: a year", "2026-a-year")]
    public void Text_becomes_a_lowercase_hyphenated_slug(string text, string expected) =>
        Assert.Equal(expected, Slugs.From(text));

    [Theory]
    [InlineData("council-approves-tram-line", true)]
    [InlineData("a", true)]
    [InlineData("budget-2026", true)]
    [InlineData("Council", false)]
    [InlineData("double--hyphen", false)]
    [InlineData("-leading", false)]
    [InlineData("trailing-", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_lowercase_words_joined_by_single_hyphens_are_slugs(string? slug, bool valid) =>
        Assert.Equal(valid, Slugs.IsValid(slug));

    [Fact]
    public void A_slug_is_at_most_120_characters()
    {
        Assert.True(Slugs.IsValid(new string('a', 120)));
        Assert.False(Slugs.IsValid(new string('a', 121)));
        Assert.True(Slugs.From(string.Join(' ', Enumerable.Repeat("word", 60))).Length <= 120);
    }
}
