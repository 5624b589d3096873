using System.Data.Common;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;
using Microsoft.Extensions.Options;

namespace Herald.Comments;

public sealed record DiscussionState(long ArticleId, string Mode, bool Open, string? ClosedReason, DateTimeOffset? ClosesAt);

// A published article's discussion together with what the comment page shows of the article.
public sealed record DiscussionTarget(DiscussionState State, string Title, string Path);

// Which discussion mode applies to an article, and whether it is open now. A moderator's
// switch on the article wins, then the article's own commentPolicy, then the section's
// mode, then the site default. An open or pre-moderated discussion closes by itself
// closesAfterHours after first publication.
public sealed class Discussions(Db db, ChangeLog changes, IOptions<CommentOptions> commentOptions, HeraldOptions options, TimeProvider clock, RevisionDocuments revisions)
{
    internal sealed class Row
    {
        public long Id { get; init; }
        public string State { get; init; } = "";
        public string Slug { get; init; } = "";
        public string Title { get; init; } = "";
        public string Language { get; init; } = "";
        public long FirstPublishedAt { get; init; }
        public string SectionSlug { get; init; } = "";
        public long PublishedRevisionId { get; init; }
        public string? ArticleMode { get; init; }
        public string? SectionMode { get; init; }

        public static Row Read(TypedRow r) => new()
        {
            Id = r.GetInt64(0), State = r.GetString(1), Slug = r.GetString(2), Title = r.GetString(3), Language = r.GetString(4),
            FirstPublishedAt = r.NullableInt64(5) ?? 0, SectionSlug = r.GetString(6), PublishedRevisionId = r.NullableInt64(7) ?? 0,
            ArticleMode = r.NullableString(8), SectionMode = r.NullableString(9),
        };
    }

    private const string TargetSql =
        $"""
        SELECT a.id, a.state, a.slug, a.title, a.language, a.first_published_at, s.slug AS section_slug, a.published_revision_id,
               {ModeColumns}
        FROM articles a
        JOIN sections s ON s.id = a.section_id
        WHERE a.id = @articleId
        """;

    public async Task<DiscussionState?> StateAsync(long articleId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await LookUpAsync(c, articleId))?.State;
    }

    // For the article page, whose own query read the overrides with the published article
    // and which has parsed the published document already: no database work here.
    public DiscussionState Of(long articleId, string language, long firstPublishedAt, string? articleMode, string? sectionMode, CommentPolicy? publishedPolicy) =>
        State(articleId, new Row { Language = language, FirstPublishedAt = firstPublishedAt, ArticleMode = articleMode, SectionMode = sectionMode }, publishedPolicy);

    // The two overrides of a published article's discussion mode, as a column list for the
    // queries that read the article (aliases a for articles, s for sections).
    public const string ModeColumns =
        """
        (SELECT mode FROM discussion_modes WHERE scope = 'article' AND scope_key = CAST(a.id AS TEXT)) AS article_mode,
        (SELECT mode FROM discussion_modes WHERE scope = 'section' AND scope_key = s.slug) AS section_mode
        """;

    // The state, the title and the path of a published article (null when it is not published).
    // On the caller's connection, which it goes on using (posting a comment does).
    public async Task<DiscussionTarget?> TargetAsync(DbConnection c, long articleId) => Target(await LookUpAsync(c, articleId));

    public async Task<DiscussionTarget?> TargetAsync(long articleId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await TargetAsync(c, articleId);
    }

    // The target's statement for a caller's batch (PostgreSQL: one round trip with the
    // caller's own statements), then TargetAsync with what it read.
    public sealed class TargetRead(long articleId)
    {
        internal long ArticleId => articleId;

        internal Row? Found { get; private set; }

        public TypedRows.Batched Statement => new(TargetSql, r => Found = Row.Read(r), ("articleId", articleId));
    }

    public async Task<DiscussionTarget?> TargetAsync(DbConnection c, TargetRead read) => Target(await FinishAsync(c, read.ArticleId, read.Found));

    private static DiscussionTarget? Target((DiscussionState State, Row Row)? found) =>
        found is { } f ? new DiscussionTarget(f.State, f.Row.Title, ArticlePaths.Article(f.Row.SectionSlug, f.Row.Slug)) : null;

    private async Task<(DiscussionState State, Row Row)?> LookUpAsync(DbConnection c, long articleId) =>
        await FinishAsync(c, articleId, (await TypedRows.ReadAsync(c, TargetSql, Row.Read, default, ("articleId", articleId))).SingleOrDefault());

    private async Task<(DiscussionState State, Row Row)?> FinishAsync(DbConnection c, long articleId, Row? row)
    {
        if (row is null || row.State != ArticleStates.Published)
        {
            return null;
        }
        var policy = await PolicyAsync(c, row.PublishedRevisionId);
        return (State(articleId, row, policy), row);
    }

    // The comment policy of a revision's document; the document is read and parsed only the
    // first time (RevisionDocuments).
    private async Task<CommentPolicy?> PolicyAsync(DbConnection c, long revisionId) =>
        (await revisions.OfAsync(revisionId, () => RevisionDocuments.Load(c, revisionId)))?.CommentPolicy;

    private DiscussionState State(long articleId, Row row, CommentPolicy? policy)
    {
        var mode = row.ArticleMode ?? policy?.Mode ?? row.SectionMode ?? commentOptions.Value.DefaultMode;
        var german = row.Language.StartsWith("de", StringComparison.Ordinal);
        if (mode == "closed")
        {
            return new DiscussionState(articleId, mode, false,
                german ? "Die Kommentarfunktion ist für diesen Beitrag geschlossen." : "Comments are closed for this story.", null);
        }
        DateTimeOffset? closesAt = policy?.ClosesAfterHours is { } hours && row.ArticleMode is null
            ? DateTimeOffset.FromUnixTimeMilliseconds(row.FirstPublishedAt).AddHours(hours)
            : null;
        if (closesAt is { } closes && clock.GetUtcNow() >= closes)
        {
            var when = Labels.FormatTime(closes, row.Language, options.Zone);
            return new DiscussionState(articleId, mode, false,
                german
                    ? $"Die Diskussion wurde am {when} geschlossen, {policy!.ClosesAfterHours} Stunden nach der Veröffentlichung."
                    : $"The discussion closed on {when}, {policy!.ClosesAfterHours} hours after the story was published.", closesAt);
        }
        return new DiscussionState(articleId, mode, true, null, closesAt);
    }

    // The cache tag of the pages that show a discussion under this switch: an article's page
    // carries its own discussion's tag and its section's (ArticleEndpoint), so a moderator's
    // switch shows at once, on the article or on every article of the section.
    private static string CacheTag(string scope, string key) => scope == "section" ? SectionTag(key) : $"comments:{key}";

    public static string SectionTag(string sectionSlug) => $"discussions:{sectionSlug}";

    public async Task SetAsync(string scope, string key, string? mode, long moderatorId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (mode is null)
        {
            await c.ExecuteAsync("DELETE FROM discussion_modes WHERE scope = @scope AND scope_key = @key", new { scope, key }, tx);
        }
        else
        {
            await c.ExecuteAsync(
                """
                INSERT INTO discussion_modes (scope, scope_key, mode, set_by, set_at) VALUES (@scope, @key, @mode, @moderatorId, @now)
                ON CONFLICT (scope, scope_key) DO UPDATE SET mode = excluded.mode, set_by = excluded.set_by, set_at = excluded.set_at
                """, new { scope, key, mode, moderatorId, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
        }
        await changes.CommitAsync(c, tx, [CacheTag(scope, key)], ct);
    }
}
