namespace Herald.Comments;

public sealed record DiscussionModel(
    long ArticleId,
    string ArticlePath,
    string Language,
    TimeZoneInfo Zone,
    DiscussionState State,
    DiscussionPage Page,
    Viewer? Viewer,
    string? FormToken);
