using System.Data.Common;
using Dapper;
using Herald.Webhooks;

namespace Herald.Articles;

// The form was based on an older revision than the current one: nothing was written.
public sealed class RevisionConflictException(int current) : Exception($"someone else saved the article meanwhile (it is now at revision {current})")
{
    public int Current { get; } = current;
}

public sealed record DeskSave(long ArticleId, int Revision);

// The desk's use cases. Unlike SaveAsync (import semantics) a desk save never changes the
// public page: it adds a revision that becomes the article's current one, and publishing
// is a separate step that points the public page at it.
public sealed partial class Publisher
{
    public async Task<DeskSave> SaveRevisionAsync(long? articleId, ArticleDocument doc, string by, long? userId, string? note, int? basedOn, CancellationToken ct = default)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // A draft names its section too, and may rename it for every page that shows it.
        var navigation = await SiteNavigation.ReadAsync(c, tx);
        long id;
        if (articleId is null)
        {
            await EnsureSlugFreeAsync(c, tx, doc.Slug, null);
            var sectionId = await ArticleStore.UpsertSectionAsync(c, tx, doc.Section, doc.SectionName);
            id = await ArticleStore.InsertAsync(c, tx, doc, sectionId, ArticleStates.Draft, nowMs);
            await c.ExecuteAsync("UPDATE articles SET created_by_user_id = @userId WHERE id = @id", new { userId, id }, tx);
        }
        else
        {
            id = articleId.Value;
            var current = await ClaimAsync(c, tx, id, basedOn, nowMs);
            if (current.Slug != doc.Slug)
            {
                if (current.FirstPublishedAt is not null)
                {
                    throw new PublishException("the slug cannot change once the article has been published");
                }
                await EnsureSlugFreeAsync(c, tx, doc.Slug, id);
            }
            if (current.FirstPublishedAt is null)
            {
                // Never published: the row's title and section are only what the desk lists show.
                var sectionId = await ArticleStore.UpsertSectionAsync(c, tx, doc.Section, doc.SectionName);
                await c.ExecuteAsync(
                    """
                    UPDATE articles SET slug = @Slug, language = @Language, translation_group = @TranslationGroup, section_id = @sectionId,
                        topline = @Topline, title = @Title, lead = @Lead
                    WHERE id = @id
                    """, new { doc.Slug, doc.Language, doc.TranslationGroup, sectionId, doc.Topline, doc.Title, doc.Lead, id }, tx);
            }
        }
        var html = await RenderAsync(c, tx, doc);
        var revisionId = await ArticleStore.InsertRevisionAsync(c, tx, id, ArticleJson.Write(doc), html, by, note, minor: false, nowMs);
        await c.ExecuteAsync("UPDATE articles SET current_revision_id = @revisionId, modified_at = @nowMs WHERE id = @id", new { revisionId, nowMs, id }, tx);
        var number = await c.ExecuteScalarAsync<int>("SELECT number FROM article_revisions WHERE id = @revisionId", new { revisionId }, tx);
        await changes.CommitAsync(c, tx, await SiteNavigation.CheckAsync(new HashSet<string>(StringComparer.Ordinal), navigation, c, tx), ct);
        return new DeskSave(id, number);
    }

    // Publishes the current revision: first publication, republication or an update. A
    // minor update keeps the status stamp; a correction note is added to the public page.
    public async Task<DeskSave> PublishCurrentAsync(long articleId, string by, bool minor, string? correction, int basedOn, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var navigation = await SiteNavigation.ReadAsync(c, tx);
        var current = await ClaimAsync(c, tx, articleId, basedOn, nowMs);
        var wasPublic = current.State == ArticleStates.Published;
        var doc = ArticleFormat.ParseStored(current.Document, articleId);
        var first = current.FirstPublishedAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : now;
        var keepStamp = minor && correction is null && current.UpdatedAt is not null;
        var stamp = keepStamp ? DateTimeOffset.FromUnixTimeMilliseconds(current.UpdatedAt!.Value) : now;
        doc = doc with
        {
            Draft = false,
            Published = first,
            Updated = stamp > first ? stamp : null,
            Corrections = correction is null ? doc.Corrections : [.. doc.Corrections, new Correction(correction, now)],
        };
        var tags = await ArticleStore.CacheTagsAsync(c, tx, articleId);
        var sectionId = await ArticleStore.UpsertSectionAsync(c, tx, doc.Section, doc.SectionName);
        var html = await RenderAsync(c, tx, doc);
        var note = correction is not null ? "Correction: " + correction : !wasPublic ? "Published" : keepStamp ? "Minor update published" : "Update published";
        var revisionId = await ArticleStore.InsertRevisionAsync(c, tx, articleId, ArticleJson.Write(doc), html, by, note, keepStamp, nowMs);
        await ArticleStore.SetCurrentRevisionAsync(c, tx, articleId, revisionId, ArticleStates.Published, null, nowMs);
        await PublishRevisionAsync(c, tx, articleId, revisionId, doc, sectionId, nowMs);
        await QueueEventAsync(c, tx, wasPublic ? WebhookEvents.ArticleUpdated : WebhookEvents.ArticlePublished, articleId, revisionId, doc, nowMs);
        tags.UnionWith(await ArticleStore.CacheTagsAsync(c, tx, articleId));
        await changes.RecordAsync(c, tx, await SiteNavigation.CheckAsync(tags, navigation, c, tx));
        var number = await c.ExecuteScalarAsync<int>("SELECT number FROM article_revisions WHERE id = @revisionId", new { revisionId }, tx);
        await tx.CommitAsync(ct);
        changes.Notify(tags);
        return new DeskSave(articleId, number);
    }

    // Schedules the current revision: PublishDueAsync publishes it when the time comes.
    public async Task<DeskSave> ScheduleAsync(long articleId, DateTimeOffset at, string by, int basedOn, CancellationToken ct = default)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (at <= clock.GetUtcNow())
        {
            throw new PublishException("choose a time in the future");
        }
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var current = await ClaimAsync(c, tx, articleId, basedOn, nowMs);
        var doc = ArticleFormat.ParseStored(current.Document, articleId) with { Draft = false, Published = at, Updated = null };
        var html = await RenderAsync(c, tx, doc);
        var revisionId = await ArticleStore.InsertRevisionAsync(c, tx, articleId, ArticleJson.Write(doc), html, by,
            $"Scheduled for {at.ToUniversalTime():yyyy-MM-dd HH:mm} UTC", minor: false, nowMs);
        await ArticleStore.SetCurrentRevisionAsync(c, tx, articleId, revisionId, ArticleStates.Scheduled, at.ToUnixTimeMilliseconds(), nowMs);
        var number = await c.ExecuteScalarAsync<int>("SELECT number FROM article_revisions WHERE id = @revisionId", new { revisionId }, tx);
        await tx.CommitAsync(ct);
        return new DeskSave(articleId, number);
    }

    private sealed class Current
    {
        public string Slug { get; init; } = "";
        public string State { get; init; } = "";
        public int Number { get; init; }
        public string Document { get; init; } = "";
        public long? FirstPublishedAt { get; init; }
        public long? UpdatedAt { get; init; }
    }

    // The conditional UPDATE both checks that the form was based on the current revision
    // and locks the row, so of two concurrent saves on the same base exactly one wins.
    private static async Task<Current> ClaimAsync(DbConnection c, DbTransaction tx, long articleId, int? basedOn, long nowMs)
    {
        var claimed = await c.ExecuteAsync(basedOn is null
            ? "UPDATE articles SET modified_at = @nowMs WHERE id = @articleId"
            : """
              UPDATE articles SET modified_at = @nowMs
              WHERE id = @articleId AND (SELECT number FROM article_revisions WHERE id = articles.current_revision_id) = @basedOn
              """, new { nowMs, articleId, basedOn }, tx);
        var current = await c.QuerySingleOrDefaultAsync<Current>(
            """
            SELECT a.slug, a.state, r.number, r.document, a.first_published_at, a.updated_at
            FROM articles a JOIN article_revisions r ON r.id = a.current_revision_id WHERE a.id = @articleId
            """, new { articleId }, tx) ?? throw new PublishException("there is no such article");
        if (claimed == 0)
        {
            throw new RevisionConflictException(current.Number);
        }
        return current;
    }

    private static async Task EnsureSlugFreeAsync(DbConnection c, DbTransaction tx, string slug, long? self)
    {
        var taken = await c.ExecuteScalarAsync<long?>(
            "SELECT id FROM articles WHERE slug = @slug UNION ALL SELECT article_id FROM slug_redirects WHERE slug = @slug LIMIT 1", new { slug }, tx);
        if (taken is not null && taken != self)
        {
            throw new PublishException($"the slug \"{slug}\" is already used by another article");
        }
    }
}
