using System.Data.Common;
using Dapper;
using Herald.Data;
using Herald.Hosting;
using Herald.Search;
using Herald.Webhooks;

namespace Herald.Articles;

public sealed record SaveOutcome(long ArticleId, string Path, string State, int Revision);

public sealed class PublishException(string message) : Exception(message);

// The publish use case: one transaction that writes the revision, renders it,
// points the public page at it, re-renders the articles that link to it, records
// the cache change, commits, then evicts the cache.
public sealed partial class Publisher(Db db, ChangeLog changes, TimeProvider clock, HeraldOptions options)
{
    public async Task<SaveOutcome> SaveAsync(ArticleDocument doc, string by, string? note = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);

        var existing = await ArticleStore.FindAsync(c, tx, doc.Slug);
        if (existing is null && await ArticleStore.RedirectTargetAsync(c, tx, doc.Slug) is { } renamed)
        {
            throw new PublishException($"slug \"{doc.Slug}\" was renamed to \"{renamed}\"; import the article under its new slug");
        }
        var tags = existing is null ? new HashSet<string>(StringComparer.Ordinal) : await ArticleStore.CacheTagsAsync(c, tx, existing.Id);
        var sectionId = await ArticleStore.UpsertSectionAsync(c, tx, doc.Section, doc.SectionName);

        var alreadyPublic = existing?.State == ArticleStates.Published;
        var state = doc.Draft ? existing?.State ?? ArticleStates.Draft
            : !alreadyPublic && doc.Published > now ? ArticleStates.Scheduled
            : ArticleStates.Published;

        var articleId = existing?.Id ?? await ArticleStore.InsertAsync(c, tx, doc, sectionId, state, nowMs);
        var html = await RenderAsync(c, tx, doc);
        var revisionId = await ArticleStore.InsertRevisionAsync(c, tx, articleId, ArticleJson.Write(doc), html, by, note, minor: false, nowMs);
        await ArticleStore.SetCurrentRevisionAsync(c, tx, articleId, revisionId, state,
            state == ArticleStates.Scheduled ? doc.Published!.Value.ToUnixTimeMilliseconds() : null, nowMs);

        if (state == ArticleStates.Published && !doc.Draft)
        {
            await PublishRevisionAsync(c, tx, articleId, revisionId, doc, sectionId, nowMs);
            await QueueEventAsync(c, tx, alreadyPublic ? WebhookEvents.ArticleUpdated : WebhookEvents.ArticlePublished, articleId, revisionId, doc, nowMs);
        }
        tags.UnionWith(await ArticleStore.CacheTagsAsync(c, tx, articleId));
        await changes.RecordAsync(c, tx, tags);
        var number = await c.ExecuteScalarAsync<int>("SELECT number FROM article_revisions WHERE id = @revisionId", new { revisionId }, tx);
        await tx.CommitAsync(ct);
        changes.Notify(tags);
        return new SaveOutcome(articleId, ArticlePaths.Article(doc.Section, doc.Slug), state, number);
    }

    // Takes a published article off the site: its URL answers 410 Gone and it leaves every list.
    public async Task<bool> UnpublishAsync(string slug, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var article = await ArticleStore.FindAsync(c, tx, slug);
        if (article is null || article.State != ArticleStates.Published)
        {
            return false;
        }
        var tags = await ArticleStore.CacheTagsAsync(c, tx, article.Id);
        await c.ExecuteAsync("UPDATE articles SET state = 'unpublished', modified_at = @now WHERE id = @id",
            new { id = article.Id, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
        await SearchIndex.RemoveAsync(c, tx, db.Dialect, article.Id);
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await WebhookStore.QueueAsync(c, tx, WebhookEvents.ArticleUnpublished, $"{WebhookEvents.ArticleUnpublished}:{article.Id}:{nowMs}",
            EventPayload(WebhookEvents.ArticleUnpublished, article.Id, article.Slug, ArticlePaths.Article(article.SectionSlug, article.Slug), null, nowMs), nowMs);
        await changes.CommitAsync(c, tx, tags, ct);
        return true;
    }

    // Publishes every scheduled article whose time has come. Claiming by a conditional
    // UPDATE makes it safe for several processes to run this at once.
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        var due = (await c.QueryAsync<long>(
            "SELECT id FROM articles WHERE state = 'scheduled' AND scheduled_at <= @nowMs ORDER BY scheduled_at LIMIT 100", new { nowMs })).ToList();
        var published = 0;
        foreach (var articleId in due)
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var claimed = await c.ExecuteAsync(
                "UPDATE articles SET state = 'published' WHERE id = @articleId AND state = 'scheduled'", new { articleId }, tx);
            if (claimed == 0)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            var (revisionId, document, sectionId) = await c.QuerySingleAsync<(long, string, long)>(
                """
                SELECT r.id, r.document, a.section_id FROM articles a JOIN article_revisions r ON r.id = a.current_revision_id
                WHERE a.id = @articleId
                """, new { articleId }, tx);
            var doc = ArticleFormat.Parse(document).Document!;
            var html = await RenderAsync(c, tx, doc);
            await c.ExecuteAsync("UPDATE article_revisions SET body_html = @html WHERE id = @revisionId", new { html, revisionId }, tx);
            await PublishRevisionAsync(c, tx, articleId, revisionId, doc, sectionId, nowMs);
            await QueueEventAsync(c, tx, WebhookEvents.ArticlePublished, articleId, revisionId, doc, nowMs);
            var tags = await ArticleStore.CacheTagsAsync(c, tx, articleId);
            await changes.CommitAsync(c, tx, tags, ct);
            published++;
        }
        return published;
    }

    // After an upgrade that changed BlockRenderer.Version, published pages are rendered
    // again from their stored documents, a batch at a time. Returns how many were redone.
    public async Task<int> RerenderOutdatedAsync(int batch = 200, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var outdated = (await c.QueryAsync<(long RevisionId, long ArticleId, string Document)>(
            """
            SELECT r.id, a.id, r.document FROM articles a JOIN article_revisions r ON r.id = a.published_revision_id
            WHERE a.state = 'published' AND r.renderer_version < @version
            LIMIT @batch
            """, new { version = BlockRenderer.Version, batch })).ToList();
        if (outdated.Count == 0)
        {
            return 0;
        }
        await using var tx = await c.BeginTransactionAsync(ct);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (revisionId, articleId, document) in outdated)
        {
            var html = await RenderAsync(c, tx, ArticleFormat.Parse(document).Document!);
            await c.ExecuteAsync("UPDATE article_revisions SET body_html = @html, renderer_version = @version WHERE id = @revisionId",
                new { html, version = BlockRenderer.Version, revisionId }, tx);
            tags.Add($"article:{articleId}");
        }
        await changes.CommitAsync(c, tx, tags, ct);
        return outdated.Count;
    }

    private Task QueueEventAsync(DbConnection c, DbTransaction tx, string @event, long articleId, long revisionId, ArticleDocument doc, long nowMs) =>
        WebhookStore.QueueAsync(c, tx, @event, $"{@event}:{articleId}:{revisionId}",
            EventPayload(@event, articleId, doc.Slug, ArticlePaths.Article(doc.Section, doc.Slug), doc.Title, nowMs), nowMs);

    private string EventPayload(string @event, long articleId, string slug, string path, string? title, long nowMs) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            @event,
            occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(nowMs).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            article = new { id = articleId, slug, path, url = options.BaseUrl is { Length: > 0 } b ? b.TrimEnd('/') + path : null, title },
        });

    private async Task PublishRevisionAsync(DbConnection c, DbTransaction tx, long articleId, long revisionId, ArticleDocument doc, long sectionId, long nowMs)
    {
        var firstPublished = (doc.Published ?? clock.GetUtcNow()).ToUnixTimeMilliseconds();
        var updated = Math.Max(firstPublished, (doc.Updated ?? doc.Published ?? clock.GetUtcNow()).ToUnixTimeMilliseconds());
        await ArticleStore.ApplyPublicationAsync(c, tx, articleId, revisionId, doc, sectionId, firstPublished, updated, nowMs);
        await SearchIndex.UpsertAsync(c, tx, db.Dialect, articleId, doc);
        await RerenderLinkingArticlesAsync(c, tx, doc.Slug);
    }

    private async Task<string> RenderAsync(DbConnection c, DbTransaction tx, ArticleDocument doc)
    {
        var related = await ArticleStore.RelatedLinksAsync(c, tx, db.Dialect, doc.Blocks.OfType<RelatedBlock>().SelectMany(b => b.Slugs));
        return BlockRenderer.Render(doc.Blocks, new RenderContext(doc.Language, options.Zone, related));
    }

    // Articles whose related blocks name this slug now have a link (or a new title) to show.
    private async Task RerenderLinkingArticlesAsync(DbConnection c, DbTransaction tx, string slug)
    {
        var linking = await c.QueryAsync<(long RevisionId, string Document)>(
            """
            SELECT r.id, r.document FROM article_links l
            JOIN articles a ON a.id = l.article_id
            JOIN article_revisions r ON r.id = a.published_revision_id
            WHERE l.slug = @slug AND a.slug <> @slug
            """, new { slug }, tx);
        foreach (var (revisionId, document) in linking.ToList())
        {
            var html = await RenderAsync(c, tx, ArticleFormat.Parse(document).Document!);
            await c.ExecuteAsync("UPDATE article_revisions SET body_html = @html WHERE id = @revisionId", new { html, revisionId }, tx);
        }
    }
}
