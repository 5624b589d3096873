// The smallest ASP.NET Core server there is: Kestrel answering every request with the
// bytes of one file held in memory, with the headers Herald's cached page carries. The
// harness measures it next to nginx and Herald, so the table shows how much of the gap
// to nginx is the web server itself and how much is Herald's own work per request.
//
// Usage: herald-bench-kestrel FILE URL
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: herald-bench-kestrel FILE URL");
    return 2;
}
var body = await File.ReadAllBytesAsync(args[0]);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(args[1]);
var app = builder.Build();
app.Run(context =>
{
    var response = context.Response;
    response.ContentType = "text/html; charset=utf-8";
    response.Headers.CacheControl = "public, max-age=0, s-maxage=60, stale-while-revalidate=30";
    response.ContentLength = body.Length;
    return response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
});
await app.RunAsync();
return 0;
