namespace Herald.Reading;

// Where a list of published articles in the site's order (newest status stamp first) comes
// from: the FROM, WHERE and ORDER BY of its query, with the columns and LIMIT left to the
// caller. `where` adds conditions (each starting with AND); `joins` adds tables beside the
// article (a) and its section (s).
//
// Tag and author lists walk article_tags or article_authors, whose rows carry their
// article's stamp (ArticleStore.ApplyPublicationAsync writes it), so one page of a tag
// costs the same whether the tag has three articles or twenty thousand. Filtering the
// site's newest articles by tag instead walked all 100,000 of the bench site for a tag
// with a few old articles (about 9 ms a page) and listed all 18,500 of a common tag
// before ordering them (about 2 ms).
public static class Listings
{
    public static string Site(string where = "", string joins = "") =>
        $"""
        FROM articles a JOIN sections s ON s.id = a.section_id {joins}
        WHERE a.state = 'published' {where}
        ORDER BY a.updated_at DESC, a.id DESC
        """;

    // A section's list names the section by its id, the slug looked up once, so PostgreSQL
    // walks the section's own index in the list's order. Joined by the slug, it read all the
    // section's articles and sorted them, as it does not carry a one-row join's order through
    // (page 50 of a section of 16,031 articles: 4.5 ms in PostgreSQL, 0.7 ms this way).
    public static string Section(string slugParameter, string where = "", string joins = "") =>
        $"""
        FROM articles a JOIN sections s ON s.id = a.section_id {joins}
        WHERE a.section_id = (SELECT id FROM sections WHERE slug = {slugParameter}) AND a.state = 'published' {where}
        ORDER BY a.updated_at DESC, a.id DESC
        """;

    public static string Tag(string slugParameter, string where = "", string joins = "") =>
        $"""
        FROM article_tags x JOIN articles a ON a.id = x.article_id JOIN sections s ON s.id = a.section_id {joins}
        WHERE x.tag_id = (SELECT id FROM tags WHERE slug = {slugParameter}) AND a.state = 'published' {where}
        ORDER BY x.updated_at DESC, x.article_id DESC
        """;

    // A person credited twice on one article (two roles) lists it once: by the first credit.
    // "LIMIT 1 OFFSET 0" keeps PostgreSQL from turning that check into an anti-join, for
    // which, not knowing the person, it read all of their credits and compared each row of
    // the page with every one of them (7,099 credits: the first page 12-22 ms instead of
    // under 1 ms); so it stays a probe of the article's credits per row, as on SQLite.
    public static string Author(string slugParameter, string where = "", string joins = "") =>
        $"""
        FROM article_authors x JOIN articles a ON a.id = x.article_id JOIN sections s ON s.id = a.section_id {joins}
        WHERE x.person_id = (SELECT id FROM people WHERE slug = {slugParameter}) AND a.state = 'published' {where}
          AND NOT EXISTS (SELECT 1 FROM article_authors y WHERE y.article_id = x.article_id AND y.person_id = x.person_id AND y.position < x.position LIMIT 1 OFFSET 0)
        ORDER BY x.updated_at DESC, x.article_id DESC
        """;

    // The columns a list is ordered by, stamp first, for a condition that continues it after
    // a row (a cursor): the list's own, so the condition seeks into the index it walks.
    public static (string Stamp, string Id) OrderOf(bool byTagOrAuthor) =>
        byTagOrAuthor ? ("x.updated_at", "x.article_id") : ("a.updated_at", "a.id");
}
