using Herald.Data;

namespace Herald.Hosting;

// /healthz: the process answers. /readyz: it can serve, meaning the database answers and
// its schema is current; a load balancer sends traffic only to ready nodes.
public static class Health
{
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text("ok\n");
        });
        endpoints.MapGet("/readyz", async (HttpContext context, Migrator migrator) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                var pending = await migrator.PendingAsync(timeout.Token);
                return pending.Count == 0
                    ? Results.Text("ready\n")
                    : Results.Text($"not ready: migrations pending ({string.Join(", ", pending)})\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                return Results.Text($"not ready: database unreachable ({e.GetType().Name})\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
    }
}
