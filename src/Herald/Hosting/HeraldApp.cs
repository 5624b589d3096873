using Herald.Accounts;
using Herald.Reading;
using Microsoft.AspNetCore.DataProtection;

namespace Herald.Hosting;

// Composition of the web application; Program.cs only hands the command line over.
public static class HeraldApp
{
    public static IConfiguration Configuration(string[] args)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        AddShortEnvironmentNames(builder);
        return builder.AddCommandLine(args).Build();
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AddShortEnvironmentNames(builder.Configuration);
        builder.Configuration.AddCommandLine(args);
        InlineIo.Configure(builder);
        FrontLane.Add(builder);

        // First of the hosted services: the schema must exist before anything (the
        // data-protection key ring, kept in the database) reads it.
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddHeraldCore(builder.Configuration);
        builder.Services.AddReading();
        builder.Services.AddSharedCache(builder.Configuration);
        builder.Services.AddAccounts();
        builder.Services.AddTelemetry(builder.Configuration);
        if (builder.Configuration.GetValue("Herald:JsonLogs", false))
        {
            // One JSON object per line, for log collectors.
            builder.Logging.ClearProviders().AddJsonConsole();
        }
        Herald.Desk.DeskSetup.AddDesk(builder.Services);
        builder.Services.AddHostedService<BackgroundLoop>();
        builder.Services.AddHostedService<Herald.Webhooks.WebhookLoop>();
        builder.Services.AddHostedService<MailLoop>();

        var app = builder.Build();
        app.UseReading();
        Herald.Desk.DeskSetup.MapDesk(app);
        return app;
    }

    // HERALD_DATA, HERALD_DATABASE and HERALD_DEMO, as the README documents them.
    private static void AddShortEnvironmentNames(IConfigurationBuilder builder)
    {
        var map = new Dictionary<string, string?>();
        foreach (var (variable, key) in new[] { ("HERALD_DATA", "DataDir"), ("HERALD_DATABASE", "Database"), ("HERALD_DEMO", "Demo") })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
            {
                map[$"Herald:{key}"] = value;
            }
        }
        builder.AddInMemoryCollection(map);
    }
}
