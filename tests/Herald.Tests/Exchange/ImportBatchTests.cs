using System.Text.Json.Nodes;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Exchange;
using Herald.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Exchange;

// Import saves many articles per transaction; these pin down what that must not change.
public sealed class ImportBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Line(string slug, Action<JsonObject>? change = null)
    {
        var node = JsonNode.Parse(Samples.IssueExample)!.AsObject();
        node["slug"] = slug;
        change?.Invoke(node);
        return node.ToJsonString();
    }

    private static async Task<long> ScalarAsync(TestSite site, string sql, object? parameters = null)
    {
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<long>(sql, parameters);
    }

    private static async Task<(ImportSummary Summary, List<(string Path, bool Stored)> Printed, string Errors)> ImportAsync(TestSite site, params string[] lines)
    {
        var file = Path.Combine(site.DataDir, "news.jsonl");
        await File.WriteAllLinesAsync(file, lines, Ct);
        await using var output = new StoredCheckingWriter(site);
        using var errors = new StringWriter();
        var summary = await site.Get<Importer>().ImportFileAsync(file, output, errors, Ct);
        return (summary, output.Printed, errors.ToString());
    }

    // Each article of a batch runs in a savepoint, whose sub-journal SQLite would otherwise
    // move to a file under /var/tmp past 64 KB (SqliteSource's connection settings).
    [Fact]
    public async Task A_batch_keeps_its_savepoint_journals_in_memory()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Sqlite);
        var publisher = site.Get<Publisher>();
        await using (var batch = await publisher.BeginBatchAsync(Ct))
        {
            Assert.Equal(2, await batch.Sql.Connection.ExecuteScalarAsync<long>("PRAGMA temp_store", transaction: batch.Sql.Transaction)); // 2: MEMORY
            await batch.SaveAsync(publisher.Prepare(Samples.Example()), by: "test", note: null, Ct);
            await batch.CommitAsync(Ct);
        }
        Assert.Equal(1, await ScalarAsync(site, "SELECT COUNT(*) FROM articles"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_refused_in_the_middle_of_a_batch_writes_nothing_and_the_others_are_saved(string database)
    {
        // The importer also ends a batch after 250 ms, which three articles can take on a
        // loaded machine: on a clock that stands still they stay one batch.
        await using var site = await TestSite.StartAsync(database, new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        await ImportAsync(site, Line("new-name", o => o["previousSlugs"] = new JsonArray("old-name")));
        var changesBefore = await ScalarAsync(site, "SELECT COUNT(*) FROM content_changes");

        var (summary, printed, errors) = await ImportAsync(site,
            Line("first-good"),
            Line("old-name", o => o["section"] = "nowhere"),
            Line("second-good"));

        Assert.Equal(new ImportSummary(2, 1), summary);
        Assert.Contains("news.jsonl:2: old-name: -: slug \"old-name\" was renamed to \"new-name\"", errors, StringComparison.Ordinal);
        Assert.Equal([("/politics/first-good", true), ("/politics/second-good", true)], printed);
        Assert.Equal(3, await ScalarAsync(site, "SELECT COUNT(*) FROM articles"));
        Assert.Equal(0, await ScalarAsync(site, "SELECT COUNT(*) FROM sections WHERE slug = 'nowhere'"));
        // One batch: one change-log row, naming both saved articles.
        Assert.Equal(changesBefore + 1, await ScalarAsync(site, "SELECT COUNT(*) FROM content_changes"));
        await using var c = await site.Get<Db>().OpenAsync(Ct);
        var tags = (await c.ExecuteScalarAsync<string>("SELECT tags FROM content_changes ORDER BY id DESC LIMIT 1"))!.Split(' ');
        foreach (var slug in new[] { "first-good", "second-good" })
        {
            var id = await c.ExecuteScalarAsync<long>("SELECT id FROM articles WHERE slug = @slug", new { slug });
            Assert.Contains($"article:{id}", tags);
        }
    }

    // A batch writes its search rows when it commits, after the articles' savepoints: every
    // article it published is found, an article saved twice by its last text only, and an
    // article refused in the middle leaves no row.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Search_finds_what_the_batch_published_as_it_was_last_saved(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        await ImportAsync(site, Line("new-name", o => o["previousSlugs"] = new JsonArray("old-name")));

        var (summary, _, _) = await ImportAsync(site,
            Line("harbour-story", o => o["title"] = "Harbour cranes return"),
            Line("twice-saved", o => o["title"] = "Lighthouse keeper retires"),
            Line("old-name", o => o["title"] = "Harbour lighthouse refused"),
            Line("twice-saved", o => o["title"] = "Windmill keeper retires"));

        Assert.Equal(new ImportSummary(3, 1), summary);
        async Task<List<string>> Found(string query) =>
            (await site.Get<Herald.Search.SearchQueries>().SearchAsync(new Herald.Search.SearchRequest(query), Ct)).Hits.Select(h => h.Article.Slug).ToList();
        Assert.Equal(["harbour-story"], await Found("harbour"));
        Assert.Equal(["twice-saved"], await Found("windmill"));
        Assert.Empty(await Found("lighthouse"));
        Assert.Equal(0, await ScalarAsync(site, "SELECT COUNT(*) FROM article_search_text WHERE article_id NOT IN (SELECT id FROM articles WHERE state = 'published')"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_article_links_to_one_imported_after_it_in_the_same_file(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var (summary, _, errors) = await ImportAsync(site,
            Line("points-ahead", o => o["blocks"]!.AsArray().Add(JsonNode.Parse("""{"type": "related", "slugs": ["comes-later"]}"""))),
            Line("comes-later", o => o["title"] = "The later article"));

        Assert.Equal("", errors);
        Assert.Equal(new ImportSummary(2, 0), summary);
        var (_, page) = await HtmlPage.GetAsync(site.Client(), "/politics/points-ahead");
        Assert.Contains(page.QuerySelectorAll("nav.related a"), a => a.GetAttribute("href") == "/politics/comes-later" && a.TextContent.Contains("The later article", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_saved_articles_are_printed_and_only_once_they_are_stored(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var bad = Line("not-an-article", o => o.Remove("title"));

        var (summary, printed, errors) = await ImportAsync(site, Line("one"), bad, Line("two"), Line("draft", o => o["state"] = "draft"));

        Assert.Equal(new ImportSummary(3, 1), summary);
        Assert.Contains("news.jsonl:2: not-an-article: title: is required", errors, StringComparison.Ordinal);
        Assert.Equal([("/politics/one", true), ("/politics/two", true), ("/politics/draft", true)], printed);
        Assert.Equal(0, await ScalarAsync(site, "SELECT COUNT(*) FROM articles WHERE slug = 'not-an-article'"));
    }

    // An import carries the ids of the tags, people and sections it met from batch to batch,
    // so each is looked up once per import. A batch rolled back must not leave the ids of the
    // rows it inserted behind: the next batch writes those rows again.
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Ids_carried_from_batch_to_batch_never_outlive_a_rolled_back_batch(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var publisher = site.Get<Publisher>();
        var known = new UpsertedIds();
        await using (var batch = await publisher.BeginBatchAsync(known, Ct))
        {
            await batch.SaveAsync(publisher.Prepare(Samples.Article("quay-repairs", title: "Quay repairs begin", tags: ["Harbour"])), "import", null, Ct);
            await batch.CommitAsync(Ct);
        }
        await using (var batch = await publisher.BeginBatchAsync(known, Ct))
        {
            await batch.SaveAsync(publisher.Prepare(Samples.Article("ferry-timetable", title: "A new ferry timetable", tags: ["Ferries", "Harbour"])), "import", null, Ct);
            // Disposed without its commit: the article and the new tag are rolled back.
        }
        await using (var batch = await publisher.BeginBatchAsync(known, Ct))
        {
            await batch.SaveAsync(publisher.Prepare(Samples.Article("ferry-fares", title: "Ferry fares rise", tags: ["Ferries", "Harbour"])), "import", null, Ct);
            await batch.CommitAsync(Ct);
        }

        Assert.Equal(2, await ScalarAsync(site, "SELECT COUNT(*) FROM tags"));
        Assert.Equal(0, await ScalarAsync(site, "SELECT COUNT(*) FROM article_tags WHERE tag_id NOT IN (SELECT id FROM tags)"));
        var (_, ferries) = await HtmlPage.GetAsync(site.Client(), "/tag/ferries");
        Assert.Equal(["Ferry fares rise"], ferries.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
        var (_, harbour) = await HtmlPage.GetAsync(site.Client(), "/tag/harbour");
        Assert.Equal(["Ferry fares rise", "Quay repairs begin"], harbour.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
    }

    // On PostgreSQL a batch used to lock every tag, person and section it touched until it
    // committed (an upsert's DO UPDATE), in no one order: a desk publish sharing two of them
    // waited for the whole batch, and deadlocked when the batch then came to one the publish
    // held. Existing shared rows are read now, not locked.
    [Fact]
    public async Task A_publish_sharing_tags_with_an_open_import_batch_does_not_wait_for_it()
    {
        await using var site = await TestSite.StartAsync(TestDatabases.Postgres);
        await site.PublishAsync(Samples.Article("earlier", title: "Earlier", tags: ["Alpha", "Beta"]));
        var publisher = site.Get<Publisher>();
        await using (var batch = await publisher.BeginBatchAsync(Ct))
        {
            await batch.SaveAsync(publisher.Prepare(Samples.Article("batch-one", title: "Batch one", tags: ["Beta"])), "import", null, Ct);

            var desk = site.PublishAsync(Samples.Article("desk-one", title: "Desk one", tags: ["Alpha", "Beta"]));
            await desk.WaitAsync(TimeSpan.FromSeconds(10), Ct);

            await batch.SaveAsync(publisher.Prepare(Samples.Article("batch-two", title: "Batch two", tags: ["Alpha"])), "import", null, Ct);
            await batch.CommitAsync(Ct);
        }
        var (_, alpha) = await HtmlPage.GetAsync(site.Client(), "/tag/alpha");
        Assert.Equal(["Batch two", "Desk one", "Earlier"], alpha.QuerySelectorAll(".teaser .title").Select(t => t.TextContent));
    }

    [Fact]
    public async Task Reading_a_file_as_it_streams_finds_the_same_articles_as_splitting_it_whole()
    {
        string[] files =
        [
            "\n  {\"a\": 1}\n",
            "{\n \"a\": 1\n}",
            "{\"a\": 1}\n\n{\"b\": 2}\n",
            "{\"a\": 1}\r\n{\"b\": 2}\r\n",
            "\n\n{\"a\": 1}\n{\"b\": \r 2}",
            "not json\n{\"b\": 2}\n",
            "\n{\n \"a\": 1\n}\n{\"b\": 2}",
            "  \n",
            "",
        ];
        foreach (var text in files)
        {
            var streamed = new List<(int?, string)>();
            await foreach (var document in ImportFile.ReadAsync(new StringReader(text), Ct))
            {
                streamed.Add(document);
            }
            Assert.Equal(ImportFile.Split(text), streamed);
        }
    }

    // Records each printed path and whether, at that moment, another connection already
    // sees the article: a printed path must be committed.
    private sealed class StoredCheckingWriter(TestSite site) : StringWriter
    {
        public List<(string Path, bool Stored)> Printed { get; } = [];

        public override async Task WriteLineAsync(string? value)
        {
            var path = value ?? "";
            var slug = path[(path.LastIndexOf('/') + 1)..];
            Printed.Add((path, await ScalarAsync(site, "SELECT COUNT(*) FROM articles WHERE slug = @slug", new { slug }) == 1));
        }
    }
}
