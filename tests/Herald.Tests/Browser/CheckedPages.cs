using Herald.Articles;
using Herald.Demo;

namespace Herald.Tests.Browser;

// The public pages the HTML checker and axe look at: every kind of page, every demo
// article (between them every block type) and the foundation issue's example.
public static class CheckedPages
{
    public sealed record CheckedPage(string Name, string Path, int Status);

    public static readonly IReadOnlyList<CheckedPage> All =
    [
        new("home page", "/", 200),
        .. DemoContent.Documents().Select(d => new CheckedPage($"article {d.Slug}", ArticlePaths.Article(d.Section, d.Slug), 200)),
        new("article council-approves-tram-line (issue example)", "/politics/council-approves-tram-line", 200),
        new("section page", "/world", 200),
        new("tag page", "/tag/diplomacy", 200),
        new("author page", "/author/jonas-veldt", 200),
        new("not-found page", "/world/no-such-story", 404),
    ];

    public static TheoryData<string> Names => new(All.Select(p => p.Name));

    public static CheckedPage Named(string name) => All.Single(p => p.Name == name);
}
