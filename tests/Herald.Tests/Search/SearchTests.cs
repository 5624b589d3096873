using System.Net;
using System.Text.Json;
using Herald.Articles;
using Herald.Search;
using Herald.Tests.Support;

namespace Herald.Tests.Search;

public sealed class SearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Day(int day) => new(2026, 3, day, 9, 0, 0, TimeSpan.FromHours(1));

    // A fixed, fictional set of stories written for these tests.
    private static async Task<TestSite> SiteWithStoriesAsync(string database)
    {
        var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("ferry-talks", section: "politics", title: "Ferry operators resume talks with the harbour board", published: Day(1), tags: ["Harbour"],
            blocks: [new ParagraphBlock("The operators walked out in January. Talking again was the only option, said the union."), new QuoteBlock("We are talking because the islands need the boats.", "Ines Varga", "Union speaker")]));
        await site.PublishAsync(Samples.Article("harbour-budget", section: "politics", title: "Harbour board approves budget", published: Day(2), tags: ["Harbour", "Budget"],
            blocks: [new ParagraphBlock("The board approved the budget after a short debate about ferry subsidies.")]));
        await site.PublishAsync(Samples.Article("tram-line-vote", section: "world", title: "Council approves the new tram line", published: Day(3), tags: ["Transport"],
            blocks: [new ParagraphBlock("The eastern route won the vote. Critics called it the long way round.")]));
        await site.PublishAsync(Samples.Article("faehre-gespraeche", section: "world", language: "de", title: "Fährbetreiber nehmen Gespräche wieder auf", published: Day(4), tags: ["Hafen"],
            blocks: [new ParagraphBlock("Die Betreiber verhandeln wieder mit der Hafenbehörde über die Fahrpläne der Fähren.")]));
        await site.PublishAsync(Samples.Article("old-ferry-story", section: "world", title: "A ferry story from last year", published: Day(5), tags: ["Harbour"],
            blocks: [new ParagraphBlock("Nothing much happened on the ferry.")]));
        return site;
    }

    private static async Task<IReadOnlyList<string>> SlugsAsync(TestSite site, string query, string? section = null, string? tag = null, string? author = null, string? from = null, string? to = null)
    {
        var results = await site.Get<SearchQueries>().SearchAsync(new SearchRequest(query, section, tag, author, from, to), Ct);
        Assert.Null(results.Problem);
        return results.Hits.Select(h => h.Article.Slug).ToList();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task English_words_match_their_other_forms(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        // "talking" and "talks" share the stem "talk".
        Assert.Equal(["ferry-talks"], await SlugsAsync(site, "talking operators"));
        Assert.Contains("harbour-budget", await SlugsAsync(site, "approving budgets"));
        Assert.Equal(["tram-line-vote"], await SlugsAsync(site, "routes"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task German_words_match_their_other_forms(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        Assert.Equal(["faehre-gespraeche"], await SlugsAsync(site, "Gespräch"));
        Assert.Equal(["faehre-gespraeche"], await SlugsAsync(site, "Fähre Fahrplan"));
        Assert.Equal(["faehre-gespraeche"], await SlugsAsync(site, "Betreibern"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_exact_phrase_matches_only_those_words_in_that_order(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        Assert.Equal(["tram-line-vote"], await SlugsAsync(site, "\"the long way round\""));
        Assert.Empty(await SlugsAsync(site, "\"round the long way\""));
        // A phrase stays within one field: the title ends "budget" and the tags begin
        // "Harbour", which PostgreSQL's joined vector alone would take for neighbours.
        Assert.Empty(await SlugsAsync(site, "\"budget harbour\""));
        Assert.Equal(["harbour-budget"], await SlugsAsync(site, "\"approves budget\""));
    }

    // PostgreSQL narrows a phrase to the articles holding its word pairs before checking
    // positions (WordPairs). Rows indexed before the pairs existed (NULL) are still found,
    // and the start-up pass gives them the pairs a publish writes.
    [Fact]
    public async Task Phrases_on_postgres_go_through_word_pairs_and_unpaired_rows_are_still_found()
    {
        await using var site = await SiteWithStoriesAsync(TestDatabases.Postgres);
        var db = site.Get<Herald.Data.Db>();
        await using var c = await db.OpenAsync(Ct);
        const string PairsSql = "SELECT pairs::text FROM article_search WHERE article_id = (SELECT id FROM articles WHERE slug = 'tram-line-vote')";
        var written = await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, PairsSql);
        Assert.False(string.IsNullOrEmpty(written) || written == "{}", written);

        // The pairs decide: without them in the row, the words alone do not make the phrase.
        await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE article_search SET pairs = '{}'");
        Assert.Empty(await SlugsAsync(site, "\"the long way round\""));
        Assert.Equal(["tram-line-vote"], await SlugsAsync(site, "long round"));

        await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE article_search SET pairs = NULL");
        Assert.Equal(["tram-line-vote"], await SlugsAsync(site, "\"the long way round\""));
        Assert.Equal(5, await SearchIndex.PairUnpairedAsync(db, batch: 3, ct: Ct) + await SearchIndex.PairUnpairedAsync(db, batch: 3, ct: Ct));
        Assert.Equal(0, await SearchIndex.PairUnpairedAsync(db, ct: Ct));
        Assert.Equal(written, await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, PairsSql));
        Assert.Equal(["tram-line-vote"], await SlugsAsync(site, "\"the long way round\""));
        Assert.Empty(await SlugsAsync(site, "\"round the long way\""));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_title_match_ranks_above_a_body_match_and_recency_breaks_ties(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        var ferry = await SlugsAsync(site, "ferry");
        // Title matches first; of those the newer comes first. Then the body-only match.
        Assert.Equal(["old-ferry-story", "ferry-talks", "harbour-budget"], ferry);
    }

    // Relevance is scored among the newest SearchRankWindow matches (at least as many as the
    // requested page reaches), so a word found all over the archive stays cheap to search.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Relevance_is_scored_within_the_newest_matches(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("lighthouse-restored", section: "politics", title: "The lighthouse is restored", published: Day(1),
            blocks: [new ParagraphBlock("Volunteers painted the tower.")]));
        await site.PublishAsync(Samples.Article("coast-walk", title: "A walk along the coast", published: Day(2),
            blocks: [new ParagraphBlock("The path passes the old lighthouse.")]));
        await site.PublishAsync(Samples.Article("storm-night", title: "A stormy night", published: Day(3),
            blocks: [new ParagraphBlock("Waves reached the lighthouse steps.")]));
        var options = site.Get<Herald.Hosting.HeraldOptions>();
        async Task<IReadOnlyList<string>> PageAsync(int page, string? section = null) =>
            (await site.Get<SearchQueries>().SearchAsync(new SearchRequest("lighthouse", Section: section, Page: page, PageSize: 1), Ct)).Hits.Select(h => h.Article.Slug).ToList();

        // Every match scored: the title match is the most relevant.
        options.SearchRankWindow = 0;
        Assert.Equal(["lighthouse-restored"], await PageAsync(1));
        // A window of 2: the two newest matches (body matches both) are scored, the newer first.
        options.SearchRankWindow = 2;
        Assert.Equal(["storm-night"], await PageAsync(1));
        // Page 2 reaches the third match, so the window grows to it and all three are ranked.
        Assert.Equal(["storm-night"], await PageAsync(2));
        // With a filter the window counts filtered matches: the politics story is found.
        Assert.Equal(["lighthouse-restored"], await PageAsync(1, section: "politics"));
    }

    // PostgreSQL first looks for the window among the newest articles (a slice of four
    // windows' ids) and walks every match only when the slice holds too few. Either way the
    // window is the newest matches: here the slice holds one of them and the rest are older
    // than thirteen articles without the word.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_window_reaches_past_newest_articles_that_hold_too_few_matches(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await site.PublishAsync(Samples.Article("lighthouse-restored", title: "The lighthouse is restored", published: Day(1),
            blocks: [new ParagraphBlock("Volunteers painted the tower.")]));
        await site.PublishAsync(Samples.Article("storm-night", title: "A stormy night", published: Day(2),
            blocks: [new ParagraphBlock("Waves reached the lighthouse steps.")]));
        for (var i = 0; i < 13; i++)
        {
            await site.PublishAsync(Samples.Article($"market-day-{i}", title: $"Market day number {i}", published: Day(3 + i),
                blocks: [new ParagraphBlock("Stalls sold apples and cheese.")]));
        }
        await site.PublishAsync(Samples.Article("windy-coast", title: "A windy coast", published: Day(20),
            blocks: [new ParagraphBlock("Waves reached the lighthouse steps.")]));
        var options = site.Get<Herald.Hosting.HeraldOptions>();
        async Task<IReadOnlyList<string>> PageAsync(int page) =>
            (await site.Get<SearchQueries>().SearchAsync(new SearchRequest("lighthouse", Page: page, PageSize: 1), Ct)).Hits.Select(h => h.Article.Slug).ToList();

        // A window of 2: the two newest matches, the same body under titles as long, so the
        // newer first; the title match is outside the window.
        options.SearchRankWindow = 2;
        Assert.Equal(["windy-coast"], await PageAsync(1));
        // A window of 3 holds all three: the title match, older than the slice, ranks first.
        options.SearchRankWindow = 3;
        Assert.Equal(["lighthouse-restored"], await PageAsync(1));
        Assert.Equal(["windy-coast"], await PageAsync(2));
        Assert.Equal(["storm-night"], await PageAsync(3));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Quote_speakers_and_tags_are_searchable(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        Assert.Equal(["ferry-talks"], await SlugsAsync(site, "Varga"));
        Assert.Equal(["ferry-talks", "harbour-budget", "old-ferry-story"], (await SlugsAsync(site, "harbour")).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Filters_narrow_by_section_tag_author_and_date(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        Assert.Equal(["old-ferry-story"], await SlugsAsync(site, "ferry", section: "world"));
        Assert.Equal(["harbour-budget"], await SlugsAsync(site, "ferry", tag: "budget"));
        Assert.Equal(3, (await SlugsAsync(site, "ferry", author: "ana-ruiz")).Count);
        Assert.Empty(await SlugsAsync(site, "ferry", author: "nobody"));
        Assert.Equal(["harbour-budget"], await SlugsAsync(site, "ferry", from: "2026-03-02", to: "2026-03-02"));
        Assert.Equal(["old-ferry-story"], await SlugsAsync(site, "ferry", from: "2026-03-04"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unpublished_or_draft_article_never_appears(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        await site.PublishAsync(Samples.Article("draft-ferry", title: "Secret ferry plans", blocks: [new ParagraphBlock("ferry")]) with { Draft = true });
        await site.PublishAsync(Samples.Article("future-ferry", title: "Future ferry plans", published: TimeProvider.System.GetUtcNow().AddDays(30)));
        Assert.True(await site.Get<Publisher>().UnpublishAsync("old-ferry-story", Ct));
        var slugs = await SlugsAsync(site, "ferry plans story");
        Assert.Empty(slugs);
        Assert.DoesNotContain("old-ferry-story", await SlugsAsync(site, "ferry"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Search_syntax_characters_and_odd_input_never_cause_an_error(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        foreach (var input in new[] { "ferry*", "ferry OR", "NEAR(ferry talks)", "\"ferry", "ferry\"\"", "-ferry", "ferry:title", "(ferry", "ferry AND NOT", "'; DROP TABLE articles; --", "^ferry", "ferry{}", "f\u0000erry", "ferry & talks | x", "ferry <-> talks", "ferry:*" })
        {
            var results = await site.Get<SearchQueries>().SearchAsync(new SearchRequest(input), Ct);
            Assert.True(results.Problem is not null || results.Hits.Count >= 0, input);
        }
        Assert.Contains("ferry-talks", await SlugsAsync(site, "ferry*"));
    }

    [Theory]
    [InlineData("", "Type one or more words to search for.")]
    [InlineData("the and of", "Your search contains only very common words such as \"the\" or \"und\". Add a more specific word.")]
    [InlineData("und die der", "Your search contains only very common words such as \"the\" or \"und\". Add a more specific word.")]
    [InlineData("!!! ???", "Type one or more words (letters or digits) to search for.")]
    public void Empty_or_stop_word_queries_get_a_clear_message(string input, string message) =>
        Assert.Equal(message, SearchQuery.Parse(input).Problem);

    [Theory]
    [InlineData("Gespräche", "de", "gesprach")]
    [InlineData("Gespräch", "de", "gesprach")]
    [InlineData("Fähren", "de", "fahr")]
    [InlineData("talking", "en", "talk")]
    [InlineData("talks", "en", "talk")]
    public void Words_are_reduced_to_their_stem_in_the_given_language(string word, string language, string stem) =>
        Assert.Equal(stem, SearchText.Stem(word.ToLowerInvariant(), language));

    [Fact]
    public void Very_long_input_gets_a_clear_message() =>
        Assert.Equal("Your search is 201 characters long; please use at most 200.", SearchQuery.Parse(new string('a', 201)).Problem);

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_search_page_shows_highlighted_snippets_and_problems_beside_the_form(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        var client = site.Client();
        var (response, page) = await HtmlPage.GetAsync(client, "/search?q=talking");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hit = Assert.Single(page.QuerySelectorAll(".search-results li"));
        Assert.Equal("/politics/ferry-talks", hit.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(["Talking", "talking"], hit.QuerySelectorAll(".snippet mark").Select(m => m.TextContent));
        Assert.Equal("talking", page.QuerySelector("input#q")!.GetAttribute("value"));

        var (bad, badPage) = await HtmlPage.GetAsync(client, "/search?q=the");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("only very common words", badPage.QuerySelector("#search-problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("the", badPage.QuerySelector("input#q")!.GetAttribute("value"));

        var (_, none) = await HtmlPage.GetAsync(client, "/search?q=zeppelin");
        Assert.Contains("No published stories match", none.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_json_endpoint_returns_results_and_problem_details(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        var client = site.Client();
        var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/search?q=ferry&section=world", UriKind.Relative), Ct)).RootElement;
        var result = Assert.Single(json.GetProperty("results").EnumerateArray());
        Assert.Equal("old-ferry-story", result.GetProperty("slug").GetString());
        Assert.Equal("http://localhost/world/old-ferry-story", result.GetProperty("url").GetString());
        Assert.Contains("<mark>ferry</mark>", result.GetProperty("snippet").GetString(), StringComparison.Ordinal);

        var bad = await client.GetAsync(new Uri("/api/v1/search?q=&from=yesterday", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var dates = await client.GetAsync(new Uri("/api/v1/search?q=ferry&from=yesterday", UriKind.Relative), Ct);
        var detail = JsonDocument.Parse(await dates.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("detail").GetString();
        Assert.Equal("The \"from\" date \"yesterday\" is not a date such as 2026-03-02.", detail);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_publish_evicts_cached_search_results(string database)
    {
        await using var site = await SiteWithStoriesAsync(database);
        var client = site.Client();
        Assert.Contains("No published stories", await client.GetStringAsync(new Uri("/search?q=zeppelin", UriKind.Relative), Ct), StringComparison.Ordinal);
        await site.PublishAsync(Samples.Article("zeppelin", title: "Zeppelin returns"));
        Assert.Contains("/world/zeppelin", await client.GetStringAsync(new Uri("/search?q=zeppelin", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    // A filtered search (a section, a tag, an author, dates) finds its rank window by walking
    // the matches newest first and stopping at the window's end: SQLite's full-text index
    // gives them in that order itself, so nothing is sorted (ordered by the article's id,
    // SQLite took every match of the word and sorted them).
    [Fact]
    public async Task A_filtered_search_walks_its_matches_newest_first_without_sorting_them()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        await using var c = await site.Get<Herald.Data.Db>().OpenAsync(Ct);
        var plan = await QueryPlan.OfAsync(c, SearchQueries.SqliteFilteredWindowSql(),
            new { match = "council", section = "politics", tag = (string?)null, author = (string?)null, from = (long?)null, to = (long?)null, window = 2000 });
        Assert.StartsWith("SCAN article_search VIRTUAL TABLE", plan[0], StringComparison.Ordinal);
        Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
