using System.Net;
using Herald.Tests.Support;

namespace Herald.Tests.Reading;

public sealed class HealthTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Health_and_readiness_answer_for_load_balancers(string database)
    {
        await using var site = await TestSite.StartAsync(database);
        var client = site.Client();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("no-store", ready.Headers.CacheControl!.ToString());
    }
}
