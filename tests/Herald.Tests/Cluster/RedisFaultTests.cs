using System.Net;
using Herald.Tests.Support;

namespace Herald.Tests.Cluster;

public sealed class RedisFaultTests : IDisposable
{
    private readonly string dataDir = Directory.CreateTempSubdirectory("herald-redis-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_are_served_from_the_database_while_redis_is_down_and_cached_again_when_it_returns()
    {
        RedisServer.Require();
        await using var redis = new RedisServer();
        await redis.StartAsync();
        var file = Path.Combine(dataDir, "story.json");
        await File.WriteAllTextAsync(file, Samples.IssueExample, Ct);
        Assert.Equal(0, (await Node.RunAsync("import", file, "--data", dataDir)).Exit);
        Assert.Equal(0, (await Node.RunAsync("user", "create", "--email", "o@redis.invalid", "--name", "Owner", "--role", "owner", "--data", dataDir)).Exit);
        await using var node = await Node.StartAsync(dataDir, Path.Combine(dataDir, "herald.db"), $"--Herald:Redis={redis.Configuration}");
        using var client = new HttpClient();
        var paths = new[] { "/politics/council-approves-tram-line", "/", "/politics", "/tag/transport" };

        async Task<bool> CachedAsync(string path)
        {
            await client.GetAsync(node.Url(path), Ct);
            return (await client.GetAsync(node.Url(path), Ct)).Headers.Age is not null;
        }

        Assert.True(await CachedAsync(paths[0]), "the page should come from the shared cache");

        await redis.StopAsync();
        for (var i = 0; i < 10; i++)
        {
            foreach (var path in paths)
            {
                var response = await client.GetAsync(node.Url(path), Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} while Redis was down");
            }
        }

        await redis.StartAsync();
        var started = TimeProvider.System.GetTimestamp();
        while (!await CachedAsync(paths[1]))
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(15), "the shared cache was not used again after Redis came back");
            await Task.Delay(250, Ct);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
