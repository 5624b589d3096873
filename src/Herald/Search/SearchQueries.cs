using System.Globalization;
using Dapper;
using Herald.Data;
using Herald.Hosting;
using Herald.Reading;

namespace Herald.Search;

public sealed record SearchRequest(string? Query, string? Section = null, string? Tag = null, string? Author = null, string? From = null, string? To = null, int Page = 1, int PageSize = 20);

public sealed record SearchHit(ArticleSummary Article, string Snippet);

public sealed record SearchResults(SearchRequest Request, IReadOnlyList<SearchHit> Hits, bool HasNext, string? Problem);

public sealed class SearchQueries(Db db, HeraldOptions options)
{
    private sealed class Row : ArticleSummary
    {
        public string? Body { get; init; }
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var query = SearchQuery.Parse(request.Query);
        if (query.Problem is not null)
        {
            return new SearchResults(request, [], false, query.Problem);
        }
        var (from, fromProblem) = Day(request.From, "from");
        var (to, toProblem) = Day(request.To, "to");
        if ((fromProblem ?? toProblem) is { } dateProblem)
        {
            return new SearchResults(request, [], false, dateProblem);
        }
        var parameters = new DynamicParameters(new
        {
            section = request.Section,
            tag = request.Tag,
            author = request.Author,
            from,
            // "to" names a whole day: everything before the next midnight.
            to = to is { } t ? t + (long)TimeSpan.FromDays(1).TotalMilliseconds : (long?)null,
            limit = request.PageSize + 1,
            offset = (request.Page - 1) * request.PageSize,
        });
        // Relevance first (bm25 is lower-is-better; ts_rank higher-is-better), recency breaks ties.
        var (match, rank, join, key) = Dialect(db.Dialect);
        parameters.Add("match", db.Dialect == SqlDialect.Sqlite ? query.ToFts5() : query.ToTsQuery());
        var pairs = db.Dialect == SqlDialect.Postgres ? PhrasePairs(query, parameters) : "";
        match += pairs;
        // The rank window: only the window newest matches are scored, found by walking the
        // index in id order and stopping there, far cheaper than scoring every match. Only
        // published articles are indexed (SearchIndex), so without filters the index alone
        // answers; with filters the window counts filtered matches, still in the index's
        // order: ordered by the article's id instead, SQLite took every match of the word
        // and sorted them (a section's or a month's search 70-150 ms).
        var window = options.SearchRankWindow <= 0 ? 0 : Math.Max(options.SearchRankWindow, request.Page * request.PageSize + 1);
        parameters.Add("window", window);
        if (db.Dialect == SqlDialect.Postgres)
        {
            parameters.Add("slice", (long)window * NewestSliceWindows);
        }
        var unfiltered = request.Section is null && request.Tag is null && request.Author is null && from is null && to is null;
        await using var c = await db.OpenAsync(ct);
        // Ranking first, on ids only, so the sort never carries the article text; the page's
        // rows and their plain text are fetched afterwards for the few ids that made it.
        var sql =
            $"""
            {(db.Dialect == SqlDialect.Sqlite ? SqliteRankedSql(match, rank, join, key, window, unfiltered) : PostgresRankedSql(match, rank, unfiltered, window, query.Phrases.Count > 0))}
            SELECT a.id, a.slug, s.slug AS section_slug, s.name AS section_name, a.language, a.topline, a.title, a.lead, a.breaking,
                   a.teaser_image_url, a.teaser_image_alt, a.first_published_at, a.updated_at, st.body
            FROM ranked
            JOIN articles a ON a.id = ranked.id
            JOIN sections s ON s.id = a.section_id
            LEFT JOIN article_search_text st ON st.article_id = a.id
            ORDER BY ranked.score, ranked.updated_at DESC, ranked.id DESC
            """;
        var rows = db.Dialect == SqlDialect.Postgres
            ? await PlannerSettings.QueryAsync<Row>(c, unfiltered ? PostgresUnfilteredSettings : PostgresFilteredSettings, sql, parameters, ct)
            : (await c.QueryAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
        var stems = query.Stems;
        var hits = rows.Take(request.PageSize).Select(r => new SearchHit(r, Snippet.Build(r.Body is { Length: > 0 } body ? body : r.Lead, r.Language, stems))).ToList();
        return new SearchResults(request, hits, rows.Count > request.PageSize, null);
    }

    // SQLite: the floor (the id of the window-th newest match) is found first; FTS5 walks its
    // index in id order and stops there, then scores the matches above it.
    private static string SqliteRankedSql(string match, string rank, string join, string key, int window, bool unfiltered)
    {
        var floor = window == 0 ? "0"
            : unfiltered ? $"COALESCE((SELECT {key} FROM article_search WHERE {match} ORDER BY {key} DESC LIMIT 1 OFFSET @window - 1), 0)"
            : $"COALESCE(({SqliteFilteredWindowSql()}), 0)";
        return $"""
            WITH ranked AS (
                SELECT a.id, {rank} AS score, a.updated_at
                FROM articles a
                {join}
                JOIN sections s ON s.id = a.section_id
                WHERE {match} AND {key} >= {floor}
                  AND {Filters}
                ORDER BY score, a.updated_at DESC, a.id DESC
                LIMIT @limit OFFSET @offset
            )
            """;
    }

    // PostgreSQL: the window's ids are found first, from the full-text index alone (but for a
    // phrase's candidates, whose vectors are read to check positions), and only then is each
    // of the window's vectors read, once, for its score. Each step is kept apart
    // (MATERIALIZED) so that the planner cannot fold them into one plan with the articles.
    // Each match's article is then read by its id (the fence, OFFSET 0): otherwise PostgreSQL
    // hashed all 100,000 articles to join 2,000 (23 ms). LIMIT NULL, with the window off,
    // is no limit.
    //
    // PostgreSQL's cost model does not count reading a TOASTed vector (about 6 us for the
    // benchmark's 6 KB), so left to itself it picks plans that test thousands of vectors where
    // the full-text index would answer without reading any. The settings below (run by
    // PlannerSettings) and the queries' shapes steer it; each was measured on the benchmark's
    // 100,000 articles, served, one search at a time.
    //
    // Without filters, the generic plan: it takes the matches from the index as a bitmap
    // (PostgresUnfilteredWindowSql). A plan made for the words walks the articles newest first
    // and tests each vector, fast for a word spread evenly over the years but slow for one
    // whose matches are mostly old: "defence" read 66,000 vectors for its 2,000 (300-470 ms,
    // on every search of a connection whose plan cache had settled on such plans).
    private const string PostgresUnfilteredSettings = "SET LOCAL plan_cache_mode = force_generic_plan;";

    // With filters: the matches come from the index as a bitmap too, joined to the articles
    // that pass the filters (id + 0 keeps the planner from testing each filtered article's
    // vector instead: a section's search read 15,000 vectors, p50 126 ms). Over the
    // benchmark's searches with filters the p95 went from 136-142 to 71-74 ms, a section's
    // p50 124-129 -> 42-43 ms, a month's p95 about 60 -> 41-44 ms, the busiest author's p95
    // 104-110 -> 71-83 ms; in exchange a search within a tag of 18,000 articles, or by an
    // author of 7,000, reads the word's every match where testing their newest few thousand
    // vectors was often quicker (p50 45-49 -> 68-71 ms and 51 -> 65-69 ms). Besides: no seq
    // scans (a common word in one month tested all 100,000 vectors), no merge joins, and a
    // plan made for each search's own words and filters.
    private const string PostgresFilteredSettings =
        "SET LOCAL enable_seqscan = off; SET LOCAL enable_mergejoin = off; SET LOCAL plan_cache_mode = force_custom_plan;";

    private static string PostgresRankedSql(string match, string rank, bool unfiltered, int window, bool phrases) => unfiltered
        ? $"""
            WITH {PostgresUnfilteredWindowSql(match, rank, window, phrases)}, ranked AS (
                SELECT a.id, w.score, a.updated_at
                FROM window_matches w
                CROSS JOIN LATERAL (SELECT a.id, a.updated_at FROM articles a WHERE a.id = w.article_id AND a.state = 'published' OFFSET 0) a
                ORDER BY w.score, a.updated_at DESC, a.id DESC
                LIMIT @limit OFFSET @offset
            )
            """
        : $"""
            WITH window_ids AS MATERIALIZED (
                SELECT a.id, a.updated_at
                FROM articles a
                JOIN article_search ON article_search.article_id + 0 = a.id
                JOIN sections s ON s.id = a.section_id
                WHERE {match} AND {Filters}
                ORDER BY a.id DESC LIMIT NULLIF(@window, 0)
            ), window_matches AS MATERIALIZED (
                SELECT w.id, (SELECT {rank} FROM article_search WHERE article_search.article_id = w.id) AS score, w.updated_at
                FROM window_ids w
            ), ranked AS (
                SELECT id, score, updated_at FROM window_matches
                ORDER BY score, updated_at DESC, id DESC
                LIMIT @limit OFFSET @offset
            )
            """;

    // PostgreSQL without filters: the window's ids, then their scores. The newest slice of
    // ids (four windows) is tried first: the word's matches from the index as a bitmap, ANDed
    // with the slice's ids, so only the slice's rows are read and sorted. A word found in a
    // quarter of the articles or more fills the window there; before, every match was read
    // and sorted (a common word in the 100,000-article site, 88,000 matches: 68 -> 23 ms in
    // PostgreSQL; the benchmark's searches served, p50 44 -> 29 ms, p95 50 -> 39; a slice of
    // 8 or 16 windows was slower). When the slice holds fewer, its count lets in the walk of
    // every match instead (a one-time filter: only one of the two is read). Ordering by
    // id + 0 keeps the planner off a walk of the primary key that tests each vector on the
    // way. The scores come last, one vector read each (about 6 us), for the window alone. A
    // phrase skips the slice: its matches are checked by position, reading each candidate's
    // vector, and the slice's candidates would be read twice when it falls short, as a
    // phrase's does (three phrases 75-110 -> 120-190 ms with the slice).
    private const int NewestSliceWindows = 4;

    private static string PostgresUnfilteredWindowSql(string match, string rank, int window, bool phrases)
    {
        if (window == 0)
        {
            return $"""
                window_matches AS MATERIALIZED (
                    SELECT article_search.article_id, {rank} AS score FROM article_search WHERE {match}
                )
                """;
        }
        var everyMatch = $"""
            SELECT article_search.article_id FROM article_search
            WHERE {match} {(phrases ? "" : "AND (SELECT count(*) FROM newest) < @window")}
            ORDER BY article_search.article_id + 0 DESC LIMIT @window
            """;
        var ids = phrases
            ? $"""
                window_ids AS MATERIALIZED (
                {everyMatch}
                )
                """
            : $"""
                newest AS MATERIALIZED (
                    SELECT article_search.article_id FROM article_search
                    WHERE {match} AND article_search.article_id > (SELECT max(article_id) FROM article_search) - @slice
                    ORDER BY article_search.article_id + 0 DESC LIMIT @window
                ), window_ids AS (
                    SELECT article_id FROM newest WHERE (SELECT count(*) FROM newest) = @window
                    UNION ALL (
                {everyMatch})
                )
                """;
        return $"""
            {ids}, window_matches AS MATERIALIZED (
                SELECT article_search.article_id, {rank} AS score
                FROM window_ids JOIN article_search ON article_search.article_id = window_ids.article_id
            )
            """;
    }

    // PostgreSQL: each phrase narrows the matches to the articles holding all of its word
    // pairs in one of its languages' stems (WordPairs), through their own index, before the
    // positions are checked; rows not yet paired are let through to that check.
    private static string PhrasePairs(SearchQuery query, DynamicParameters parameters)
    {
        var clauses = new System.Text.StringBuilder();
        for (var i = 0; i < query.Phrases.Count; i++)
        {
            clauses.Append(" AND (article_search.pairs IS NULL");
            for (var j = 0; j < query.Phrases[i].Count; j++)
            {
                var name = $"pairs{i}_{j}";
                parameters.Add(name, WordPairs.Of(query.Phrases[i][j]));
                clauses.Append(" OR article_search.pairs @> @").Append(name);
            }
            clauses.Append(')');
        }
        return clauses.ToString();
    }

    private static (string Match, string Rank, string Join, string Key) Dialect(SqlDialect dialect) => dialect == SqlDialect.Sqlite
        ? ("article_search MATCH @match", "bm25(article_search, 10.0, 4.0, 4.0, 8.0, 3.0, 1.0)", "JOIN article_search ON article_search.rowid = a.id", "article_search.rowid")
        : ("article_search.document @@ to_tsquery('simple', @match)", "-ts_rank(article_search.document, to_tsquery('simple', @match), 1)", "JOIN article_search ON article_search.article_id = a.id", "article_search.article_id");

    private const string Filters =
        """
        a.state = 'published'
              AND (@section IS NULL OR s.slug = @section)
              AND (@tag IS NULL OR a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.slug = @tag))
              AND (@author IS NULL OR a.id IN (SELECT aa.article_id FROM article_authors aa JOIN people p ON p.id = aa.person_id WHERE p.slug = @author))
              AND (@from IS NULL OR a.first_published_at >= @from)
              AND (@to IS NULL OR a.first_published_at < @to)
        """;

    // SQLite: the id of the window-th newest match that passes the filters (PostgreSQL
    // collects its filtered window in one pass, PostgresRankedSql).
    internal static string SqliteFilteredWindowSql()
    {
        var (match, _, join, key) = Dialect(SqlDialect.Sqlite);
        return $"SELECT {key} FROM articles a {join} JOIN sections s ON s.id = a.section_id WHERE {match} AND {Filters} ORDER BY {key} DESC LIMIT 1 OFFSET @window - 1";
    }

    // A yyyy-MM-dd day in the site's zone, as the UTC milliseconds of its midnight.
    private (long? Ms, string? Problem) Day(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (null, $"The \"{name}\" date \"{value}\" is not a date such as 2026-03-02.");
        }
        var local = day.ToDateTime(TimeOnly.MinValue);
        return (new DateTimeOffset(local, options.Zone.GetUtcOffset(local)).ToUnixTimeMilliseconds(), null);
    }
}
