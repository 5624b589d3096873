using System.Data.Common;
using Dapper;
using Herald.Data;
using Herald.Hosting;
using Herald.Search;
using Herald.Webhooks;

namespace Herald.Articles;

public sealed record SaveOutcome(long ArticleId, string Path, string State, int Revision);

public sealed class PublishException(string message) : Exception(message);

// An article ready to save, with the work that needs no database already done: its
// canonical JSON, its search fields, and its HTML unless a related block needs links
// looked up. Preparing is pure, so a bulk import can do it on another thread.
public sealed record PreparedArticle(ArticleDocument Document, string Json, SearchFields Search, string? Html);

// The publish use case: one transaction that writes the revision, renders it,
// points the public page at it, re-renders the articles that link to it, records
// the cache change, commits, then evicts the cache.
public sealed partial class Publisher(Db db, ChangeLog changes, TimeProvider clock, HeraldOptions options, ILogger<Publisher> logger)
{
    private static readonly IReadOnlyDictionary<string, RelatedLink> NoLinks = new Dictionary<string, RelatedLink>(StringComparer.Ordinal);

    // Revisions whose stored document no longer parses (StoredDocumentException), reported
    // once each: the background passes go round them instead of failing on them every time.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> unreadable = new();

    public async Task<SaveOutcome> SaveAsync(ArticleDocument doc, string by, string? note = null, CancellationToken ct = default)
    {
        await using var batch = await BeginBatchAsync(ct);
        var outcome = await SaveInAsync(batch, Prepare(doc), by, note);
        await batch.CommitAsync(ct);
        return outcome;
    }

    public PreparedArticle Prepare(ArticleDocument doc) =>
        new(doc, ArticleJson.Write(doc), SearchIndex.Fields(doc),
            doc.Blocks.Any(b => b is RelatedBlock) ? null : BlockRenderer.Render(doc.Blocks, new RenderContext(doc.Language, options.Zone, NoLinks)));

    // Many saves in one transaction, for bulk import: see PublishBatch.
    public Task<PublishBatch> BeginBatchAsync(CancellationToken ct = default) => BeginBatchAsync(new UpsertedIds(), ct);

    // known: the section, tag and person ids of the batches before it, all committed
    // (PublishBatch.Ids).
    public async Task<PublishBatch> BeginBatchAsync(UpsertedIds known, CancellationToken ct = default)
    {
        var c = await db.OpenAsync(ct);
        try
        {
            var tx = await c.BeginTransactionAsync(ct);
            return new PublishBatch(this, changes, db.Dialect, c, tx, await SiteNavigation.ReadAsync(c, tx), known);
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    // The steps of a save inside the batch's transaction; the batch commits.
    internal async Task<SaveOutcome> SaveInAsync(PublishBatch batch, PreparedArticle article, string by, string? note)
    {
        var (sql, doc) = (batch.Sql, article.Document);
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();

        var existing = await ArticleStore.FindAsync(sql, doc.Slug);
        if (existing is null && await ArticleStore.RedirectTargetAsync(sql, doc.Slug) is { } renamed)
        {
            throw new PublishException($"slug \"{doc.Slug}\" was renamed to \"{renamed}\"; import the article under its new slug");
        }
        var tags = existing is null ? new HashSet<string>(StringComparer.Ordinal) : await ArticleStore.CacheTagsAsync(sql, existing.Id);
        var sectionId = await ArticleStore.SectionIdAsync(sql, doc.Section, doc.SectionName, batch.Ids);

        var alreadyPublic = existing?.State == ArticleStates.Published;
        var state = doc.Draft ? existing?.State ?? ArticleStates.Draft
            : !alreadyPublic && doc.Published > now ? ArticleStates.Scheduled
            : ArticleStates.Published;

        var articleId = existing?.Id ?? await ArticleStore.InsertAsync(sql, doc, sectionId, state, nowMs);
        var html = article.Html ?? await RenderAsync(sql.Connection, sql.Transaction, doc);
        var (revisionId, number) = await ArticleStore.AddRevisionAsync(sql, articleId, article.Json, html, by, note, minor: false, nowMs);
        if (state == ArticleStates.Published && !doc.Draft)
        {
            // Publishing points the current revision at this one too.
            await ApplyPublicationAsync(sql, articleId, revisionId, doc, sectionId, nowMs, batch.Ids, fresh: existing is null);
            batch.IndexLater(articleId, article.Search);
            if (await batch.WebhooksWantedAsync())
            {
                await QueueEventAsync(sql.Connection, sql.Transaction, alreadyPublic ? WebhookEvents.ArticleUpdated : WebhookEvents.ArticlePublished, articleId, revisionId, doc, nowMs);
            }
        }
        else
        {
            await ArticleStore.SetCurrentRevisionAsync(sql, articleId, revisionId, state,
                state == ArticleStates.Scheduled ? doc.Published!.Value.ToUnixTimeMilliseconds() : null, nowMs);
        }
        tags.UnionWith(await ArticleStore.CacheTagsAsync(sql, articleId));
        batch.Tags.UnionWith(tags);
        return new SaveOutcome(articleId, ArticlePaths.Article(doc.Section, doc.Slug), state, number);
    }

    // Takes a published article off the site: its URL answers 410 Gone and it leaves every list.
    public async Task<bool> UnpublishAsync(string slug, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        using var sql = new PreparedSql(c, tx);
        var article = await ArticleStore.FindAsync(sql, slug);
        if (article is null || article.State != ArticleStates.Published)
        {
            return false;
        }
        var navigation = await SiteNavigation.ReadAsync(c, tx);
        var tags = await ArticleStore.CacheTagsAsync(sql, article.Id);
        await c.ExecuteAsync("UPDATE articles SET state = 'unpublished', modified_at = @now WHERE id = @id",
            new { id = article.Id, now = clock.GetUtcNow().ToUnixTimeMilliseconds() }, tx);
        await SearchIndex.RemoveAsync(c, tx, db.Dialect, article.Id);
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await WebhookStore.QueueAsync(c, tx, WebhookEvents.ArticleUnpublished, $"{WebhookEvents.ArticleUnpublished}:{article.Id}:{nowMs}",
            EventPayload(WebhookEvents.ArticleUnpublished, article.Id, article.Slug, ArticlePaths.Article(article.SectionSlug, article.Slug), null, nowMs), nowMs);
        await changes.CommitAsync(c, tx, await SiteNavigation.CheckAsync(tags, navigation, c, tx), ct);
        return true;
    }

    // Publishes every scheduled article whose time has come. Claiming by a conditional
    // UPDATE makes it safe for several processes to run this at once.
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var nowMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var c = await db.OpenAsync(ct);
        // Unreadable ones stay scheduled and are passed over, so they never hold back the rest.
        var due = (await c.QueryAsync<(long Id, long RevisionId)>(
            "SELECT id, current_revision_id FROM articles WHERE state = 'scheduled' AND scheduled_at <= @nowMs ORDER BY scheduled_at LIMIT @limit",
            new { nowMs, limit = 100 + unreadable.Count })).ToList();
        var published = 0;
        foreach (var (articleId, _) in due.Where(d => !unreadable.ContainsKey(d.RevisionId)))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            var navigation = await SiteNavigation.ReadAsync(c, tx);
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
            if (Readable(revisionId, articleId, document, "it stays scheduled until a readable version is saved") is not { } doc)
            {
                await tx.RollbackAsync(ct);
                continue;
            }
            var html = await RenderAsync(c, tx, doc);
            await c.ExecuteAsync("UPDATE article_revisions SET body_html = @html WHERE id = @revisionId", new { html, revisionId }, tx);
            await PublishRevisionAsync(c, tx, articleId, revisionId, doc, sectionId, nowMs);
            await QueueEventAsync(c, tx, WebhookEvents.ArticlePublished, articleId, revisionId, doc, nowMs);
            var tags = await ArticleStore.CacheTagsAsync(c, tx, articleId);
            await changes.CommitAsync(c, tx, await SiteNavigation.CheckAsync(tags, navigation, c, tx), ct);
            published++;
        }
        return published;
    }

    // After an upgrade that changed BlockRenderer.Version, published pages are rendered
    // again from their stored documents, a batch (one transaction) at a time, in revision
    // order within each older version so that an unreadable one is passed over and keeps its
    // old HTML. Returns how many were redone. Asked from the old revisions' side, one older
    // version at a time: the equality on the version lets the index (migration 0012) give
    // its rows in revision order, so nothing is sorted and, when nothing is outdated, as on
    // almost every start, no revision row is read. (A range on the version with ORDER BY id
    // made SQLite walk every revision in id order instead, reading each one's document and
    // HTML from its overflow pages: 0.35 s on the 100,000-article site, on every start.)
    internal const string OutdatedSql =
        """
        SELECT r.id, r.article_id, r.document FROM article_revisions r
        WHERE r.renderer_version = @version AND r.id > @after
          AND EXISTS (SELECT 1 FROM articles a WHERE a.published_revision_id = r.id AND a.state = 'published')
        ORDER BY r.id
        LIMIT @batch
        """;

    public async Task<int> RerenderOutdatedAsync(int batch = 200, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rendered = 0;
        for (var version = 0; version < BlockRenderer.Version; version++)
        {
            var after = 0L;
            while (true)
            {
                var outdated = (await c.QueryAsync<(long RevisionId, long ArticleId, string Document)>(OutdatedSql, new { version, after, batch })).ToList();
                if (outdated.Count == 0)
                {
                    break;
                }
                after = outdated[^1].RevisionId;
                rendered += await RerenderAsync(c, outdated, ct);
            }
        }
        return rendered;
    }

    private async Task<int> RerenderAsync(DbConnection c, List<(long RevisionId, long ArticleId, string Document)> outdated, CancellationToken ct)
    {
        await using var tx = await c.BeginTransactionAsync(ct);
        var tags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (revisionId, articleId, document) in outdated)
        {
            if (Readable(revisionId, articleId, document, "its public page keeps the HTML of an older renderer") is not { } doc)
            {
                continue;
            }
            var html = await RenderAsync(c, tx, doc);
            await c.ExecuteAsync("UPDATE article_revisions SET body_html = @html, renderer_version = @version WHERE id = @revisionId",
                new { html, version = BlockRenderer.Version, revisionId }, tx);
            tags.Add($"article:{articleId}");
        }
        if (tags.Count == 0)
        {
            return 0;
        }
        await changes.CommitAsync(c, tx, tags, ct);
        return tags.Count;
    }

    // A stored revision's document for a background pass; null, logged once per revision,
    // when it no longer parses, saying what happens to the article instead.
    private ArticleDocument? Readable(long revisionId, long articleId, string document, string consequence)
    {
        try
        {
            return ArticleFormat.ParseStored(document, articleId);
        }
        catch (StoredDocumentException e)
        {
            if (unreadable.TryAdd(revisionId, true))
            {
                logger.LogError("Revision {RevisionId} of article {ArticleId} cannot be read, so {Consequence}: {Problem}",
                    revisionId, articleId, consequence, e.Problem);
            }
            return null;
        }
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
        using var sql = new PreparedSql(c, tx);
        await ApplyPublicationAsync(sql, articleId, revisionId, doc, sectionId, nowMs, new UpsertedIds(), fresh: false);
        await SearchIndex.UpsertAsync(sql, db.Dialect, articleId, SearchIndex.Fields(doc));
    }

    // Publication but the search index, which the caller writes (a batch at its end).
    private async Task ApplyPublicationAsync(PreparedSql sql, long articleId, long revisionId, ArticleDocument doc, long sectionId, long nowMs,
        UpsertedIds ids, bool fresh)
    {
        var firstPublished = (doc.Published ?? clock.GetUtcNow()).ToUnixTimeMilliseconds();
        var updated = Math.Max(firstPublished, (doc.Updated ?? doc.Published ?? clock.GetUtcNow()).ToUnixTimeMilliseconds());
        await ArticleStore.ApplyPublicationAsync(sql, articleId, revisionId, doc, sectionId, firstPublished, updated, nowMs, ids, fresh);
        await RerenderLinkingArticlesAsync(sql, doc.Slug);
    }

    private async Task<string> RenderAsync(DbConnection c, DbTransaction tx, ArticleDocument doc)
    {
        var related = await ArticleStore.RelatedLinksAsync(c, tx, db.Dialect, doc.Blocks.OfType<RelatedBlock>().SelectMany(b => b.Slugs));
        return BlockRenderer.Render(doc.Blocks, new RenderContext(doc.Language, options.Zone, related));
    }

    // Articles whose related blocks name this slug now have a link (or a new title) to show.
    private async Task RerenderLinkingArticlesAsync(PreparedSql sql, string slug)
    {
        var linking = new List<(long RevisionId, long ArticleId, string Document)>();
        await using (var r = await sql.ReaderAsync(
            """
            SELECT r.id, a.id, r.document FROM article_links l
            JOIN articles a ON a.id = l.article_id
            JOIN article_revisions r ON r.id = a.published_revision_id
            WHERE l.slug = @slug AND a.slug <> @slug
            """, ("slug", slug)))
        {
            while (await r.ReadAsync())
            {
                linking.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2)));
            }
        }
        foreach (var (revisionId, articleId, document) in linking)
        {
            // One damaged article never stops another from being published.
            if (Readable(revisionId, articleId, document, $"its page is not updated for the change to \"{slug}\"") is not { } doc)
            {
                continue;
            }
            var html = await RenderAsync(sql.Connection, sql.Transaction, doc);
            await sql.ExecuteAsync("UPDATE article_revisions SET body_html = @html WHERE id = @revisionId", ("html", html), ("revisionId", revisionId));
        }
    }
}

// Many saves in one transaction, for bulk import: one commit (one fsync on SQLite) and one
// change-log row with the union of the cache tags. Each article runs in its own savepoint,
// so one that is refused rolls back alone and the rest of the batch still commits.
public sealed class PublishBatch : IAsyncDisposable
{
    private const string Savepoint = "article";

    private readonly Publisher publisher;
    private readonly ChangeLog changes;
    private readonly SqlDialect dialect;
    private readonly List<(long ArticleId, SearchFields Fields)> searchRows = [];
    private readonly string[] navigation;
    private bool? webhooksWanted;
    private bool committed;

    // navigation: the site's navigation when the batch began (SiteNavigation).
    internal PublishBatch(Publisher publisher, ChangeLog changes, SqlDialect dialect, DbConnection connection, DbTransaction transaction, string[] navigation, UpsertedIds ids)
    {
        this.publisher = publisher;
        this.changes = changes;
        this.dialect = dialect;
        this.navigation = navigation;
        Ids = ids;
        // The statements of an article that nothing reads back go to the server together
        // (PreparedSql.LaterAsync), sent before the article's savepoint is released.
        Sql = new PreparedSql(connection, transaction) { HoldsBack = true };
    }

    internal PreparedSql Sql { get; }

    // The ids of sections, tags and people this batch and the batches before it looked up or
    // inserted. An import carries them from batch to batch: tags, people and sections are
    // never deleted, so the ids of committed rows stay true; an article rolled back, or a
    // batch disposed without its commit, forgets them all, as it may have inserted one. Each
    // is then looked up once per import instead of once per batch: 2,000 articles into
    // PostgreSQL made 712 lookups instead of 8,805, each a round trip, and took 10.3-10.4 s
    // instead of 10.8-12.1 (SQLite the same within noise).
    internal UpsertedIds Ids { get; }

    internal HashSet<string> Tags { get; } = new(StringComparer.Ordinal);

    public async Task<SaveOutcome> SaveAsync(PreparedArticle article, string by, string? note, CancellationToken ct = default)
    {
        var tx = Sql.Transaction;
        var indexed = searchRows.Count;
        await tx.SaveAsync(Savepoint, ct);
        try
        {
            var outcome = await publisher.SaveInAsync(this, article, by, note);
            await Sql.SendHeldAsync();
            await tx.ReleaseAsync(Savepoint, ct);
            return outcome;
        }
        catch (PublishException)
        {
            Sql.DropHeld();
            await tx.RollbackAsync(Savepoint, ct);
            await tx.ReleaseAsync(Savepoint, ct);
            Ids.Forget();
            searchRows.RemoveRange(indexed, searchRows.Count - indexed);
            throw;
        }
    }

    // The search rows of the articles the batch published, written when it commits (still in
    // its transaction, so search shows an article exactly when its page does), not inside
    // each article's savepoint: SQLite's full-text index writes out all it holds at every
    // savepoint, which made a tiny index segment per article and merged them over and over
    // (importing 5,000 articles: the index took over a third of the time).
    internal void IndexLater(long articleId, SearchFields fields) => searchRows.Add((articleId, fields));

    // Writes the search rows, records the change, commits, then evicts the cache. The batch
    // cannot be used afterwards.
    public async Task CommitAsync(CancellationToken ct = default)
    {
        foreach (var (articleId, fields) in searchRows)
        {
            await SearchIndex.UpsertAsync(Sql, dialect, articleId, fields);
        }
        searchRows.Clear();
        await Sql.SendHeldAsync();
        await SiteNavigation.CheckAsync(Tags, navigation, Sql.Connection, Sql.Transaction);
        await changes.CommitAsync(Sql.Connection, Sql.Transaction, Tags, ct);
        committed = true;
    }

    // Queueing an event inserts one row per subscribed endpoint; most sites have none, and
    // asking once per batch spares a statement per article.
    internal async ValueTask<bool> WebhooksWantedAsync() =>
        webhooksWanted ??= await WebhookStore.AnySubscribedAsync(Sql.Connection, Sql.Transaction, null);

    public async ValueTask DisposeAsync()
    {
        if (!committed)
        {
            // Rolled back: any id this batch inserted is gone with it.
            Ids.Forget();
        }
        Sql.Dispose();
        await Sql.Transaction.DisposeAsync();
        await Sql.Connection.DisposeAsync();
    }
}
