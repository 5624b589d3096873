using Herald.Data;

namespace Herald.Hosting;

// How Kestrel's socket work is scheduled (Herald:InlineIo, off by default).
//
// By default .NET hands every socket event from its epoll thread to the thread pool, and
// Kestrel hands it on again through its own I/O queue, so each request costs thread
// switches before a line of Herald runs; on a loaded core they were a fifth of the CPU a
// front-cache hit used. Inline, the epoll thread parses the request and, for a page the
// front cache holds, writes the kept bytes itself: no switch at all. Measured on one core
// (bench/RESULTS.md): front-cache hits about 1.4x requests/s, but full renders about 0.7x,
// so it pays only where nearly every request is a hit (a node serving readers directly
// during breaking news), not behind a CDN, whose misses are what reaches the node.
//
// The epoll thread must never wait, so everything else leaves it at once: LeaveIoThread
// sits right behind the front cache and moves the request to the thread pool before
// routing, the database or a view runs. A continuation after an awaited socket read that
// had to wait (a slow request body, a PostgreSQL reply) can still resume on an epoll thread
// and run there until its next wait, SQLite work included: one more reason it is not the
// default. Herald's own code never waits on a task there (Db.Open is the synchronous way
// to a connection). Libraries do: ASP.NET's data-protection key store is synchronous, and a
// synchronous PostgreSQL or Redis call on a socket the blocked epoll thread serves waits for
// an event only that thread can deliver, forever (a test hung on exactly this). So inline
// I/O is refused unless the node is the single SQLite one, whose database is no socket.
public static class InlineIo
{
    public const string SocketSwitch = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Herald:InlineIo", false);

    // Before the first socket of the process is used: the runtime reads the switch once.
    public static void Configure(WebApplicationBuilder builder)
    {
        if (!Enabled(builder.Configuration))
        {
            return;
        }
        if (Db.IsPostgres(builder.Configuration["Herald:Database"] ?? "") || builder.Configuration["Herald:Redis"] is { Length: > 0 })
        {
            throw new CommandException(
                "Herald:InlineIo=true works only on a single node with the embedded SQLite database: with PostgreSQL or Redis, " +
                "their synchronous calls could block the socket threads for good. Remove Herald:InlineIo, or Herald:Database and Herald:Redis.");
        }
        Environment.SetEnvironmentVariable(SocketSwitch, "1");
        builder.WebHost.UseSockets(options => options.UnsafePreferInlineScheduling = true);
    }

    public static async Task LeaveIoThread(HttpContext context, RequestDelegate next)
    {
        await Task.Yield();
        await next(context);
    }
}
