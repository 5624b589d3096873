namespace Herald.Feeds;

public static class FeedSetup
{
    // Feeds, sitemaps and robots.txt. Their paths start with literal segments, which
    // routing ranks above the parameters of the section and article pages.
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFeedRoutes();
        endpoints.MapSitemapRoutes();
        endpoints.MapRobotsRoute();
        return endpoints;
    }
}
