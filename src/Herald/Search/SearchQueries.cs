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
        // The rank window: the id of the window-th newest match is the floor below which
        // nothing is scored. Finding it walks the index in id order and stops there, far
        // cheaper than scoring. Only published articles are indexed (SearchIndex), so without
        // filters the index alone answers; with filters the window counts filtered matches,
        // still in the index's order: ordered by the article's id instead, SQLite took every
        // match of the word and sorted them (a section's or a month's search 70-150 ms).
        var window = options.SearchRankWindow <= 0 ? 0 : Math.Max(options.SearchRankWindow, request.Page * request.PageSize + 1);
        parameters.Add("window", window);
        var unfiltered = request.Section is null && request.Tag is null && request.Author is null && from is null && to is null;
        var floor = window == 0 ? "0"
            : unfiltered ? $"COALESCE((SELECT {key} FROM article_search WHERE {match} ORDER BY {key} DESC LIMIT 1 OFFSET @window - 1), 0)"
            : $"COALESCE(({FilteredWindowSql(db.Dialect)}), 0)";
        await using var c = await db.OpenAsync(ct);
        // Ranking first, on ids only, so the sort never carries the article text; the page's
        // rows and their plain text are fetched afterwards for the few ids that made it.
        var rows = (await c.QueryAsync<Row>(
            $"""
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
            SELECT a.id, a.slug, s.slug AS section_slug, s.name AS section_name, a.language, a.topline, a.title, a.lead, a.breaking,
                   a.teaser_image_url, a.teaser_image_alt, a.first_published_at, a.updated_at, st.body
            FROM ranked
            JOIN articles a ON a.id = ranked.id
            JOIN sections s ON s.id = a.section_id
            LEFT JOIN article_search_text st ON st.article_id = a.id
            ORDER BY ranked.score, ranked.updated_at DESC, ranked.id DESC
            """, parameters)).ToList();
        var stems = query.Stems;
        var hits = rows.Take(request.PageSize).Select(r => new SearchHit(r, Snippet.Build(r.Body is { Length: > 0 } body ? body : r.Lead, r.Language, stems))).ToList();
        return new SearchResults(request, hits, rows.Count > request.PageSize, null);
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

    // The id of the window-th newest match that passes the filters.
    internal static string FilteredWindowSql(SqlDialect dialect)
    {
        var (match, _, join, key) = Dialect(dialect);
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
