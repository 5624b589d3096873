using System.Data.Common;
using Dapper;
using Herald.Reading;

namespace Herald.Feeds;

// A list entry (ArticleSummary) with what a feed item needs besides.
public sealed class FeedRow : ArticleSummary
{
    public long ModifiedAt { get; init; }
    public long CreatedAt { get; init; }
    public string Document { get; init; } = "";
    public string BodyHtml { get; init; } = "";
}

public static class FeedQueries
{
    public const int Limit = 50;

    public static Task<NamedLink?> ScopeAsync(DbConnection c, string kind, string slug) =>
        c.QuerySingleOrDefaultAsync<NamedLink>(
            kind switch
            {
                FeedPaths.Section => "SELECT slug, name FROM sections WHERE slug = @slug",
                FeedPaths.Tag => "SELECT slug, name FROM tags WHERE slug = @slug",
                _ => "SELECT slug, name FROM people WHERE slug = @slug",
            }, new { slug });

    // The newest published articles of a scope (kind null: the whole site) with their
    // published revision, in the order of the site's lists: by status stamp.
    public static async Task<IReadOnlyList<FeedRow>> EntriesAsync(DbConnection c, string? kind, string? slug)
    {
        const string revision = "JOIN article_revisions r ON r.id = a.published_revision_id";
        var listing = kind switch
        {
            null => Listings.Site(joins: revision),
            FeedPaths.Section => Listings.Section("@slug", joins: revision),
            FeedPaths.Tag => Listings.Tag("@slug", joins: revision),
            _ => Listings.Author("@slug", joins: revision),
        };
        return (await c.QueryAsync<FeedRow>(
            $"""
            SELECT a.id, a.slug, s.slug AS section_slug, s.name AS section_name, a.language, a.topline, a.title, a.lead,
                   a.first_published_at, a.updated_at, a.modified_at, a.created_at, r.document, r.body_html
            {listing}
            LIMIT {Limit}
            """, new { slug })).ToList();
    }
}
