using System.Diagnostics.Metrics;
using System.Net;
using Dapper;
using Herald.Data;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Herald.Hosting;

// OpenTelemetry metrics and traces. Metrics are scraped at /metrics (Prometheus text
// format, from loopback only unless Herald:MetricsPublic is true); traces and metrics
// also go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set.
public sealed class HeraldMetrics : IDisposable
{
    public const string MeterName = "Herald";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> cacheableRequests;
    private readonly Counter<long> renders;
    private readonly Db db;
    private readonly TimeProvider clock;
    private (long At, long Pending, double Lag) sample;

    public HeraldMetrics(Db db, TimeProvider clock)
    {
        this.db = db;
        this.clock = clock;
        cacheableRequests = meter.CreateCounter<long>("herald.pages.requests", description: "Requests for cacheable pages (hits and misses)");
        renders = meter.CreateCounter<long>("herald.pages.renders", description: "Cacheable pages rendered because the cache had no copy (misses)");
        meter.CreateObservableGauge("herald.comments.pending", () => Sample().Pending, description: "Comments waiting for a moderator");
        meter.CreateObservableGauge("herald.jobs.lag", () => Sample().Lag, unit: "s", description: "How late the most overdue scheduled publish or webhook delivery is");
    }

    public void CacheableRequest() => cacheableRequests.Add(1);

    public void Render() => renders.Add(1);

    // Database figures are read at most every five seconds, however often metrics are scraped.
    private (long At, long Pending, double Lag) Sample()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (now - sample.At < 5000)
        {
            return sample;
        }
        try
        {
            using var c = db.Open();
            var pending = c.ExecuteScalar<long>("SELECT COUNT(*) FROM comments WHERE state = 'pending'");
            var oldestDue = c.ExecuteScalar<long?>(
                """
                SELECT MIN(due) FROM (
                    SELECT MIN(scheduled_at) AS due FROM articles WHERE state = 'scheduled' AND scheduled_at <= @now
                    UNION ALL SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= @now
                ) overdue
                """, new { now });
            sample = (now, pending, oldestDue is { } due ? (now - due) / 1000.0 : 0);
        }
        catch (System.Data.Common.DbException)
        {
            sample = (now, sample.Pending, sample.Lag);
        }
        return sample;
    }

    public void Dispose() => meter.Dispose();
}

public static class Telemetry
{
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<HeraldMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("herald"))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter(HeraldMetrics.MeterName).AddPrometheusExporter();
                if (otlp)
                {
                    m.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource("Herald").AddOtlpExporter());
        }
        return services;
    }

    public static void MapMetrics(this WebApplication app)
    {
        var open = app.Configuration.GetValue("Herald:MetricsPublic", false);
        app.MapPrometheusScrapingEndpoint("/metrics").AddEndpointFilter(async (context, next) =>
            open || context.HttpContext.Connection.RemoteIpAddress is not { } address || IPAddress.IsLoopback(address)
                ? await next(context)
                : Results.NotFound());
    }
}
