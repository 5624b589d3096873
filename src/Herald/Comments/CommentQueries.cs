using System.Data.Common;
using Dapper;
using Herald.Data;
using Microsoft.Extensions.Options;

namespace Herald.Comments;

public sealed class CommentView
{
    public long Id { get; init; }
    public long? ParentId { get; init; }
    public long UserId { get; init; }

    // Name and body as read for the article page, in its render's TextArena (see
    // CommentQueries.PageAsync); as strings for everything else.
    public ReadOnlyMemory<char> AuthorNameText { get; init; } = "".AsMemory();

    public string AuthorName { get => AuthorNameText.ToString(); init => AuthorNameText = value.AsMemory(); }

    public ReadOnlyMemory<char> BodyText { get; init; } = "".AsMemory();

    public string Body { get => BodyText.ToString(); init => BodyText = value.AsMemory(); }

    // The body as HTML, as stored when the comment was written (CommentText.Version), in the
    // render's TextArena; empty when there is none of the current version, and the body is
    // then formatted as it is shown.
    public ReadOnlyMemory<byte> StoredHtml { get; init; }

    public string AuthorKind { get; init; } = "";
    public string State { get; init; } = "";
    public string? Reason { get; init; }
    public bool Featured { get; init; }
    public int Recommendations { get; init; }
    public long CreatedAt { get; init; }
    public long? EditedAt { get; init; }
    public bool RecommendedByViewer { get; init; }

    // Filled for the threads of a page (PageAsync); most comments have none.
    public IReadOnlyList<CommentView> Replies => replies ?? (IReadOnlyList<CommentView>)Array.Empty<CommentView>();

    private List<CommentView>? replies;

    public void AddReply(CommentView reply) => (replies ??= []).Add(reply);
}

public sealed record DiscussionPage(int Count, string Sort, int Page, bool HasNext, IReadOnlyList<CommentView> Comments);

public sealed class CommentQueries(Db db, IOptions<CommentOptions> options)
{
    // The stored HTML only when the current formatting made it (CommentText.Version); named
    // so that Dapper (OneAsync) leaves it out.
    private static readonly string Columns =
        $"""
        c.id, c.parent_id, c.user_id, u.display_name AS author_name, u.kind AS author_kind, c.body, c.state, c.reason, c.featured,
        c.recommendations, c.created_at, c.edited_at,
        CASE WHEN @viewer IS NULL THEN 0 ELSE (SELECT COUNT(*) FROM comment_recommendations cr WHERE cr.comment_id = c.id AND cr.user_id = @viewer) END AS recommended_by_viewer,
        CASE WHEN c.html_version = {CommentText.Version} THEN c.body_html END AS stored_html_current
        """;

    // One page of threads: approved comments (and the viewer's own, whatever their state),
    // editor's picks first, then in the chosen order; the replies of the page in one more query.
    // Within the article page's reads, which see one snapshot (TypedRows.Together), so the
    // count agrees with the threads and their replies; on PostgreSQL the threads statement's
    // SET LOCAL needs that scope's transaction too. Names and bodies are read into arena,
    // which the page must outlive.
    public async Task<DiscussionPage> PageAsync(TypedRows.ReadTogether reads, long articleId, string? sort, int page, long? viewer, TextArena? arena = null, CancellationToken ct = default)
    {
        var c = reads.Connection;
        (sort, var statements) = OrderOf(sort);
        var threadsSql = db.Dialect == SqlDialect.Postgres ? statements.Postgres : statements.Sqlite;
        var size = options.Value.PageSize;
        var threads = await TypedRows.ReadAsync(c, arena, threadsSql, Read, ct,
            ("articleId", articleId), ("viewer", viewer), ("limit", (long)size + 1), ("offset", (long)(page - 1) * size));
        var hasNext = Trim(threads, size);
        List<CommentView> replies;
        long count;
        if (page == 1 && !hasNext)
        {
            // The whole discussion fits on this page, as it does under most articles: all the
            // article's replies in one range of comments_threads instead of a lookup per thread
            // (for the benchmark's 35 threads and 14 replies, SQLite found the replies in two
            // thirds of the time), and the count from the rows read instead of CountSql: every
            // approved thread is on the page and every reply was read, so the approved among
            // them are exactly what CountSql counts.
            replies = await TypedRows.ReadAsync(c, arena, ArticleRepliesSql, Read, ct, ("articleId", articleId), ("viewer", viewer));
            count = threads.Count(t => t.State == "approved") + replies.Count(r => r.State == "approved");
        }
        else
        {
            count = (await TypedRows.ReadAsync(c, CountSql, r => r.GetInt64(0), ct, ("articleId", articleId)))[0];
            replies = threads.Count == 0 ? [] :
                await TypedRows.ReadAsync(c, arena, db.Dialect == SqlDialect.Postgres ? PostgresReplies : SqliteReplies, Read, ct, ("ids", Ids(db.Dialect, threads.Select(t => t.Id))), ("viewer", viewer));
        }
        Attach(threads, replies, viewer);
        return new DiscussionPage((int)count, sort, page, hasNext, threads);
    }

    // PostgreSQL's article page sends the discussion's reads with its own in one round trip
    // (ReadingQueries.ArticlePageAsync), the article named by article (an SQL expression for
    // its id, over articleValues): the page of threads, their replies (found again
    // through the threads' conditions rather than by the ids the threads return) and the
    // count. The statements' rows are kept here; Page assembles them once the batch is read.
    public BatchedPage PageInBatch(string article, (string Name, object? Value)[] articleValues, string? sort, int page, long? viewer)
    {
        var (known, statements) = OrderOf(sort);
        return new BatchedPage(statements.InBatch(article), articleValues, known, page, options.Value.PageSize, viewer);
    }

    // The order a request names, or the newest first for any other, with its statements.
    private static (string Sort, ThreadsStatements Statements) OrderOf(string? sort) => sort switch
    {
        "oldest" => ("oldest", OldestThreads),
        "recommended" => ("recommended", RecommendedThreads),
        _ => ("newest", NewestThreads),
    };

    public sealed class BatchedPage
    {
        private readonly List<CommentView> threads = [];
        private readonly List<CommentView> replies = [];
        private readonly string sort;
        private readonly int page;
        private readonly int size;
        private readonly long? viewer;
        private long count;

        internal BatchedPage(BatchSql sql, (string, object?)[] articleValues, string sort, int page, int size, long? viewer)
        {
            (this.sort, this.page, this.size, this.viewer) = (sort, page, size, viewer);
            (string, object?)[] values = [.. articleValues, ("viewer", viewer), ("limit", (long)size + 1), ("offset", (long)(page - 1) * size)];
            Statements =
            [
                // See ThreadsStatements: the same setting, in the batch's transaction.
                new(PostgresPlanSetting, null),
                new(sql.Threads, r => threads.Add(Read(r)), values),
                new(sql.Replies, r => replies.Add(Read(r)), values),
                new(sql.Count, r => count = r.GetInt64(0), articleValues),
            ];
        }

        public IReadOnlyList<TypedRows.Batched> Statements { get; }

        public DiscussionPage Page()
        {
            var hasNext = Trim(threads, size);
            Attach(threads, replies, viewer);
            return new DiscussionPage((int)count, sort, page, hasNext, threads);
        }
    }

    // Whether a page's threads, read with one more than fit, go on to a next page; the extra
    // one is dropped.
    private static bool Trim(List<CommentView> threads, int size)
    {
        var hasNext = threads.Count > size;
        if (hasNext)
        {
            threads.RemoveRange(size, threads.Count - size);
        }
        return hasNext;
    }

    private static void Attach(List<CommentView> threads, List<CommentView> replies, long? viewer)
    {
        if (replies.Count > 0)
        {
            // Oldest first under each thread; sorted here, where there are a few, rather than by
            // SQLite in a temporary tree of whole rows.
            replies.Sort(static (a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : a.Id.CompareTo(b.Id));
            var byId = threads.ToDictionary(t => t.Id);
            foreach (var reply in replies)
            {
                // The replies of a thread this page does not show (one awaiting moderation, say)
                // are left out with it.
                if ((reply.State == "approved" ||
                     (viewer is not null && reply.UserId == viewer && reply.State is "pending" or "rejected")) &&
                    byId.TryGetValue(reply.ParentId!.Value, out var thread))
                {
                    thread.AddReply(reply);
                }
            }
        }
    }

    private static readonly string[] States = ["approved", "pending", "rejected", "deleted"];

    private static readonly string[] Kinds = ["reader", "staff"];

    private static readonly string CountSql = CountOf("@articleId");

    private static string CountOf(string article) => $"SELECT COUNT(*) FROM comments WHERE article_id = {article} AND state = 'approved'";

    // In the order of Columns (see TypedRows). With HTML stored, the body's text is not read:
    // the page shows the HTML, and nothing else on it reads the text.
    private static CommentView Read(TypedRow r)
    {
        var stored = r.IsDBNull(13) ? default : r.Utf8Text(13);
        return new()
        {
            Id = r.GetInt64(0),
            ParentId = r.NullableInt64(1),
            UserId = r.GetInt64(2),
            AuthorNameText = r.Text(3),
            AuthorKind = r.Known(4, Kinds),
            BodyText = stored.IsEmpty ? r.Text(5) : default,
            State = r.Known(6, States),
            Reason = r.NullableString(7),
            Featured = r.GetInt32(8) != 0,
            Recommendations = r.GetInt32(9),
            CreatedAt = r.GetInt64(10),
            EditedAt = r.NullableInt64(11),
            RecommendedByViewer = r.GetInt64(12) != 0,
            StoredHtml = stored,
        };
    }

    // The page's thread ids as one parameter: a JSON array that SQLite's json_each unpacks,
    // or PostgreSQL's array.
    internal static object Ids(SqlDialect dialect, IEnumerable<long> ids) =>
        dialect == SqlDialect.Postgres ? ids.ToArray() : "[" + string.Join(',', ids) + "]";

    // Each order's and dialect's text, built once.
    private static readonly ThreadsStatements NewestThreads = new("c.created_at DESC, c.id DESC");
    private static readonly ThreadsStatements OldestThreads = new("c.created_at, c.id");
    private static readonly ThreadsStatements RecommendedThreads = new("c.recommendations DESC, c.created_at DESC, c.id DESC");

    private const string PostgresPlanSetting = "SET LOCAL plan_cache_mode = force_generic_plan";

    // PostgreSQL plans the threads statement again at every run unless told to keep its
    // generic plan: a custom plan for one article's comments always looks cheaper to it. On
    // the benchmark's page under test that was 6,774 plans in 6,762 renders, 0.41 ms of
    // planning each, and the custom plan ran in 0.42 ms where the generic one takes 0.18
    // (uncached page 700 against 2,200 req/s at 8 connections). SET LOCAL holds in the page's
    // read transaction (TypedRows.Together), which PageAsync takes; outside a transaction
    // block PostgreSQL would log a warning at every render.
    private sealed class ThreadsStatements(string order)
    {
        public string Sqlite { get; } = ThreadsSql(order);

        public string Postgres { get; } = PostgresPlanSetting + ";\n" + ThreadsSql(order);

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, BatchSql> inBatch = new(StringComparer.Ordinal);

        // The article page's batch (PageInBatch) for the article's SQL expression, written once.
        public BatchSql InBatch(string article) => inBatch.GetOrAdd(article, a => new(
            ThreadsSql(order, a),
            $"SELECT {Columns} FROM comments c JOIN users u ON u.id = c.user_id WHERE c.parent_id IN (SELECT c.id {ThreadsFrom(order, a)})",
            CountOf(a)));
    }

    internal sealed record BatchSql(string Threads, string Replies, string Count);

    private static readonly string SqliteReplies = RepliesSql(SqlDialect.Sqlite);
    private static readonly string PostgresReplies = RepliesSql(SqlDialect.Postgres);

    // Threads (comments without a parent) found through comments_threads (migration 0015),
    // which for the default order also reads them sorted. A removed thread is shown for its
    // approved replies, looked up by parent; "|| ''" keeps the state's indexes out of that
    // lookup: SQLite, which keeps no statistics, weighs "state =" as much as "parent_id =",
    // and after migration 0016 re-read the schema it walked every approved comment of the
    // site through comments_by_moderation for each removed thread (3x slower pages).
    internal static string ThreadsSql(string order, string article = "@articleId") => $"SELECT {Columns}\n" + ThreadsFrom(order, article);

    private static string ThreadsFrom(string order, string article) =>
        $"""
        FROM comments c JOIN users u ON u.id = c.user_id
        WHERE c.article_id = {article} AND c.parent_id IS NULL
          AND (c.state = 'approved' OR (@viewer IS NOT NULL AND c.user_id = @viewer AND c.state IN ('pending', 'rejected'))
               OR (c.state = 'deleted' AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = c.id AND r.state || '' = 'approved')))
        ORDER BY c.featured DESC, {order}
        LIMIT @limit OFFSET @offset
        """;

    // The replies of a page of threads, whatever their state: the caller keeps the approved
    // ones and the viewer's own, and puts them in order. With the states in the query, SQLite
    // (which keeps no statistics) took the state and the viewer as its way in and walked every
    // approved comment of the site for each page; with only the parents to go by, it seeks
    // each one. The ids are one parameter, so the text is the same for every page (see Ids).
    internal static string RepliesSql(SqlDialect dialect) =>
        $"""
        SELECT {Columns}
        FROM comments c JOIN users u ON u.id = c.user_id
        WHERE {(dialect == SqlDialect.Postgres ? "c.parent_id = ANY (@ids)" : "c.parent_id IN (SELECT value FROM json_each(@ids))")}
        """;

    // Every reply under an article, whatever its state, in one range of comments_threads:
    // for a discussion whose threads are all on one page.
    internal static readonly string ArticleRepliesSql =
        $"""
        SELECT {Columns}
        FROM comments c JOIN users u ON u.id = c.user_id
        WHERE c.article_id = @articleId AND c.parent_id IS NOT NULL
        """;

    public async Task<CommentView?> OneAsync(long id, long? viewer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<CommentView>(
            $"SELECT {Columns} FROM comments c JOIN users u ON u.id = c.user_id WHERE c.id = @id", new { id, viewer });
    }

    public async Task<int> CountAsync(long articleId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (int)(await TypedRows.ReadAsync(c, CountSql, r => r.GetInt64(0), ct, ("articleId", articleId)))[0];
    }
}
