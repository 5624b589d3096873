using System.Data.Common;
using Dapper;
using Herald.Articles;
using Herald.Data;
using Herald.Search;
using Herald.Tests.Cluster;
using Herald.Tests.Comments;
using Herald.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Herald.Tests.Operations;

public sealed class OperationsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("herald-ops-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A populated embedded site: demo articles, accounts, comments in several states.
    private static async Task<string> PopulatedSiteAsync()
    {
        await using var site = await CommentSite.StartAsync(TestDatabases.Sqlite, null, ("Herald:Demo", "true"), ("Herald:Comments:TrustAfterApproved", "0"));
        site.KeepData = true;
        var (articleId, path) = await CommentSite.ArticleAsync(site, "copied", mode: "open");
        var reader = await CommentSite.SignedInAsync(site, "copy@example.org", "Copy Reader");
        await CommentSite.CommentAsync(reader, path, "A comment to carry over, with a link https://example.org/x");
        var (_, page) = await HtmlPage.GetAsync(reader, path);
        var parent = page.QuerySelector(".comment")!.Id!["comment-".Length..];
        await Forms.SubmitAsync(reader, $"/comments/{articleId}?reply={parent}", new Dictionary<string, string> { ["Text"] = "And a reply to it." });
        await site.PublishAsync(Samples.Article("copied", title: "Copied, second revision"));
        return site.DataDir;
    }

    private static async Task<string> DumpAsync(DbConnection c, string table) =>
        string.Join("\n", (await c.QueryAsync($"SELECT * FROM {table} ORDER BY 1, 2")).Select(r =>
            string.Join("|", ((IDictionary<string, object?>)r).Select(kv => $"{kv.Key}={Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture)}"))));

    [Fact]
    public async Task Backup_while_running_and_restore_into_a_new_folder_reproduce_the_site()
    {
        var data = await PopulatedSiteAsync();
        var backupFolder = Path.Combine(folder, "backup");
        var (exit, output) = await Node.RunAsync("backup", "--data", data, "--out", backupFolder);
        Assert.True(exit == 0, output);
        Assert.Contains("backup written to", output, StringComparison.Ordinal);

        var restored = Path.Combine(folder, "restored");
        Assert.Equal(0, (await Node.RunAsync("restore", backupFolder, "--data", restored)).Exit);
        var (again, refusal) = await Node.RunAsync("restore", backupFolder, "--data", restored);
        Assert.Equal(1, again);
        Assert.Contains("exists; stop the server and add --force", refusal, StringComparison.Ordinal);

        var original = (await Node.RunAsync("export", "--data", data)).Output;
        var copy = (await Node.RunAsync("export", "--data", restored)).Output;
        Assert.Equal(original, copy);
        await using var a = new SqliteConnection($"Data Source={Path.Combine(data, "herald.db")};Pooling=false");
        await using var b = new SqliteConnection($"Data Source={Path.Combine(restored, "herald.db")};Pooling=false");
        Assert.Equal(await DumpAsync(a, "comments"), await DumpAsync(b, "comments"));
        Assert.Equal(await DumpAsync(a, "users"), await DumpAsync(b, "users"));
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Copy_moves_a_whole_embedded_site_into_postgresql_losing_nothing()
    {
        var target = TestDatabases.ConnectionString(TestDatabases.Postgres, folder)!;
        var data = await PopulatedSiteAsync();
        try
        {
            // More published articles than the search index is rebuilt with at a time (500).
            var many = Path.Combine(folder, "many.jsonl");
            await File.WriteAllLinesAsync(many, Enumerable.Range(1, 520).Select(i =>
                Samples.IssueExample.ReplaceLineEndings(" ").Replace("council-approves-tram-line", $"tram-stop-{i}", StringComparison.Ordinal)), Ct);
            Assert.Equal(0, (await Node.RunAsync("import", "--data", data, many)).Exit);

            var (exit, output) = await Node.RunAsync("copy", "--data", data, "--to", target);
            Assert.True(exit == 0, output);
            Assert.Contains("every table's count matches the source", output, StringComparison.Ordinal);

            await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(data, "herald.db")};Pooling=false");
            await using var postgres = new NpgsqlConnection(target);
            foreach (var table in new[] { "articles", "article_revisions", "comments", "users", "sections", "tags", "article_tags", "article_authors", "moderation_log" })
            {
                Assert.Equal(await DumpAsync(sqlite, table), await DumpAsync(postgres, table));
            }
            var published = await sqlite.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles WHERE state = 'published'");
            Assert.True(published > 520, $"{published} published");
            Assert.Contains($"search index rebuilt for {published} published articles", output, StringComparison.Ordinal);
            Assert.Equal(published, await postgres.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM article_search"));
            // The index is rebuilt in bulk, with the vectors and phrase pairs a publish writes one at a time.
            await postgres.OpenAsync(Ct);
            var (id, document) = await postgres.QuerySingleAsync<(long, string)>(
                "SELECT a.id, r.document FROM articles a JOIN article_revisions r ON r.id = a.published_revision_id WHERE a.state = 'published' ORDER BY a.id DESC LIMIT 1");
            const string VectorSql = "SELECT document::text || ' pairs ' || pairs::text FROM article_search WHERE article_id = @id";
            var copied = await postgres.ExecuteScalarAsync<string>(VectorSql, new { id });
            await using (var tx = await postgres.BeginTransactionAsync(Ct))
            {
                await SearchIndex.UpsertAsync(postgres, tx, SqlDialect.Postgres, id, ArticleFormat.ParseStored(document));
                Assert.Equal(copied, await postgres.ExecuteScalarAsync<string>(VectorSql, new { id }, tx));
                Assert.Contains("'tram'", copied, StringComparison.Ordinal);
                Assert.Matches(@" pairs \{-?[0-9]", copied);
                await tx.RollbackAsync(Ct);
            }
            // The copy serves: the same export from both, and new rows get fresh ids.
            Assert.Equal((await Node.RunAsync("export", "--data", data)).Output, (await Node.RunAsync("export", "--database", target, "--data", folder)).Output);
            var (again, refusal) = await Node.RunAsync("copy", "--data", data, "--to", target);
            Assert.Equal(1, again);
            Assert.Contains("the target database is not empty", refusal, StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabases.DropAsync(TestDatabases.Postgres, folder);
            Directory.Delete(data, recursive: true);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
