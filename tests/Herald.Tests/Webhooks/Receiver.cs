using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Webhooks;

public sealed record ReceivedHook(IReadOnlyDictionary<string, string> Headers, string Body);

// A real HTTP receiver on 127.0.0.1 that answers with the status codes it is given, in turn.
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Queue<int> answers;

    private Receiver(WebApplication app, IEnumerable<int> answers)
    {
        this.app = app;
        this.answers = new Queue<int>(answers);
    }

    public ConcurrentQueue<ReceivedHook> Received { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<Receiver> StartAsync(params int[] answers)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app, answers);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Received.Enqueue(new ReceivedHook(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            int status;
            lock (receiver.answers)
            {
                status = receiver.answers.Count > 1 ? receiver.answers.Dequeue() : receiver.answers.Count == 1 ? receiver.answers.Peek() : 200;
            }
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = address + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
