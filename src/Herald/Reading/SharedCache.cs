using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace Herald.Reading;

// With Herald:Redis set, the output cache lives in Redis and is shared by every node, so an
// eviction on one node empties the cache for all. Redis is an accelerator, never a
// dependency: when it cannot be reached, reads are misses and writes are skipped, pages
// render from the database, and it is used again as soon as it answers.
public static class SharedCache
{
    public static IServiceCollection AddSharedCache(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration["Herald:Redis"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return services;
        }
        var options = ConfigurationOptions.Parse(redis);
        // Fail fast and keep retrying in the background rather than holding requests.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        options.SyncTimeout = 500;
        options.AsyncTimeout = 500;
        // One connection for the shared output cache and the change channel; it connects
        // (and re-subscribes) in the background whenever Redis is away.
        var connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
        services.AddSingleton(_ => connection.Value);
        services.AddSingleton<ChangeChannel>();
        services.AddStackExchangeRedisOutputCache(o =>
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult(connection.Value);
            o.InstanceName = "herald:";
        });
        // Wrap whatever store that registered.
        var registered = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(registered);
        services.AddSingleton<IOutputCacheStore>(sp => new ResilientStore(
            (IOutputCacheStore)(registered.ImplementationInstance ?? registered.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)),
            sp.GetRequiredService<ILogger<ResilientStore>>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public sealed class ResilientStore(IOutputCacheStore inner, ILogger<ResilientStore> logger, TimeProvider clock) : IOutputCacheStore
    {
        // After a failure Redis is left alone for a moment, so a dead server costs one timeout, not one per request.
        private long retryAfter;

        private bool Resting => clock.GetUtcNow().ToUnixTimeMilliseconds() < Interlocked.Read(ref retryAfter);

        public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            try
            {
                await inner.EvictByTagAsync(tag, cancellationToken);
            }
            catch (Exception e) when (IsRedisFailure(e))
            {
                Fail(e);
            }
        }

        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        {
            if (Resting)
            {
                return null;
            }
            try
            {
                return await inner.GetAsync(key, cancellationToken);
            }
            catch (Exception e) when (IsRedisFailure(e))
            {
                Fail(e);
                return null;
            }
        }

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            if (Resting)
            {
                return;
            }
            try
            {
                await inner.SetAsync(key, value, tags, validFor, cancellationToken);
            }
            catch (Exception e) when (IsRedisFailure(e))
            {
                Fail(e);
            }
        }

        private void Fail(Exception e)
        {
            Interlocked.Exchange(ref retryAfter, clock.GetUtcNow().ToUnixTimeMilliseconds() + 2000);
            logger.LogWarning("Shared cache unavailable ({Error}); serving from the database", e.Message);
        }

        private static bool IsRedisFailure(Exception e) => e is RedisException or TimeoutException or ObjectDisposedException;
    }
}

// Carries cache changes between nodes at once. Each node already learns of every write
// by polling the change log (the guarantee: a missed message costs at most one poll
// interval of staleness); this Redis channel makes it immediate. A node evicts what
// another node announces from its own memory (the front cache, the section list); the
// shared output cache in Redis was emptied by the writer.
public sealed class ChangeChannel(IConnectionMultiplexer redis, ILogger<ChangeChannel> logger)
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("herald:changes");
    private readonly string node = Guid.NewGuid().ToString("N");

    public void Listen(Action<IReadOnlyCollection<string>> evictLocally)
    {
        // Fire-and-forget: the handler is registered at once and the multiplexer (re)subscribes
        // whenever it (re)connects, so a Redis that is down at start-up is no obstacle.
        redis.GetSubscriber().Subscribe(Channel, (_, message) =>
        {
            var text = (string?)message ?? "";
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || text.AsSpan(0, space).SequenceEqual(node))
            {
                return;
            }
            evictLocally(text[(space + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }, CommandFlags.FireAndForget);
    }

    public void Announce(IReadOnlyCollection<string> tags)
    {
        if (tags.Count == 0 || !redis.IsConnected)
        {
            return;
        }
        try
        {
            redis.GetSubscriber().Publish(Channel, node + " " + string.Join(' ', tags), CommandFlags.FireAndForget);
        }
        catch (RedisException e)
        {
            logger.LogDebug("Change not announced ({Error}); other nodes will poll it", e.Message);
        }
    }
}

