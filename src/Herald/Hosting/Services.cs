using Herald.Articles;
using Herald.Data;
using Herald.Exchange;
using Herald.Reading;
using Microsoft.Extensions.Options;

namespace Herald.Hosting;

public static class Services
{
    // Everything both the web server and the command-line tools need.
    public static IServiceCollection AddHeraldCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HeraldOptions>().Bind(configuration.GetSection("Herald"));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HeraldOptions>>().Value);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<HeraldOptions>();
            return Db.Create(options.Database, options.DataDir);
        });
        services.AddSingleton<Migrator>();
        services.AddSingleton<ChangeLog>();
        services.AddSingleton<ArticleStore>();
        services.AddSingleton<Publisher>();
        services.AddSingleton<Importer>();
        services.AddSingleton<Exporter>();
        services.AddSingleton<RevisionDocuments>();
        services.AddSingleton<ReadingQueries>();
        services.AddSingleton<Herald.Search.SearchQueries>();
        services.AddSingleton<Herald.Api.ContentQueries>();
        services.AddSingleton<Herald.Webhooks.WebhookStore>();
        services.AddSingleton<Herald.Webhooks.WebhookDispatcher>();
        services.AddHttpClient(Herald.Webhooks.WebhookDispatcher.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<Herald.Demo.DemoContent>();
        Herald.Accounts.AccountsSetup.AddAccountStore(services);
        services.AddOptions<Herald.Comments.CommentOptions>().Bind(configuration.GetSection("Herald:Comments"));
        services.AddSingleton<Herald.Comments.Discussions>();
        services.AddSingleton<Herald.Comments.FormTokens>();
        services.AddSingleton<Herald.Comments.CommentEvents>();
        services.AddSingleton<Herald.Comments.CommentNotifications>();
        services.AddSingleton<Herald.Comments.CommentWriter>();
        services.AddSingleton<Herald.Comments.CommentPosting>();
        services.AddSingleton<Herald.Comments.CommentQueries>();
        services.AddSingleton<Herald.Comments.ReaderActions>();
        services.AddSingleton<Herald.Moderation.ModerationActions>();
        services.AddSingleton<Herald.Moderation.ModerationQueries>();
        services.AddSingleton<Herald.Operations.Backup>();
        return services;
    }
}
