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
        services.AddStackExchangeRedisOutputCache(o =>
        {
            var options = ConfigurationOptions.Parse(redis);
            // Fail fast and keep retrying in the background rather than holding requests.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 1000;
            options.SyncTimeout = 500;
            options.AsyncTimeout = 500;
            o.ConfigurationOptions = options;
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
