using System.Data.Common;
using Dapper;
using Herald.Data;
using Herald.Hosting;

namespace Herald.Articles;

public sealed record SaveOutcome(long ArticleId, string Path, string State, int Revision);

public sealed class PublishException(string message) : Exception(message);

// The publish use case: one transaction that writes the revision, renders it,
// points the public page at it, re-renders the articles that link to it, records
// the cache change, commits, then evicts the cache.
public sealed class Publisher(Db db, ChangeLog changes, TimeProvider clock, HeraldOptions options)
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
        await changes.RecordAsync(c, tx, tags);
        await tx.CommitAsync(ct);
        changes.Notify(tags);
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
            var tags = await ArticleStore.CacheTagsAsync(c, tx, articleId);
            await changes.RecordAsync(c, tx, tags);
            await tx.CommitAsync(ct);
            changes.Notify(tags);
            published++;
        }
        return published;
    }

    private async Task PublishRevisionAsync(DbConnection c, DbTransaction tx, long articleId, long revisionId, ArticleDocument doc, long sectionId, long nowMs)
    {
        var firstPublished = (doc.Published ?? clock.GetUtcNow()).ToUnixTimeMilliseconds();
        var updated = Math.Max(firstPublished, (doc.Updated ?? doc.Published ?? clock.GetUtcNow()).ToUnixTimeMilliseconds());
        await ArticleStore.ApplyPublicationAsync(c, tx, articleId, revisionId, doc, sectionId, firstPublished, updated, nowMs);
        await RerenderLinkingArticlesAsync(c, tx, doc.Slug);
    }

    private async Task<string> RenderAsync(DbConnection c, DbTransaction tx, ArticleDocument doc)
    {
        var related = await ArticleStore.RelatedLinksAsync(c, tx, doc.Blocks.OfType<RelatedBlock>().SelectMany(b => b.Slugs));
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
