namespace Herald.Articles;

// One article in the herald/article@1 shape: what import reads, export writes and
// every revision stores. docs/article-format.md describes each field.
public sealed record ArticleDocument
{
    public const string FormatName = "herald/article@1";

    public required string Slug { get; init; }
    public IReadOnlyList<string> PreviousSlugs { get; init; } = [];
    public required string Language { get; init; }
    public string? TranslationGroup { get; init; }
    public required string Section { get; init; }
    public string? SectionName { get; init; }
    public string? Topline { get; init; }
    public required string Title { get; init; }
    public required string Lead { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public bool Draft { get; init; }
    public bool Breaking { get; init; }
    public IReadOnlyList<Credit> Authors { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public ImageRef? TeaserImage { get; init; }
    public IReadOnlyList<Correction> Corrections { get; init; } = [];
    public CommentPolicy? CommentPolicy { get; init; }
    public required IReadOnlyList<Block> Blocks { get; init; }

    public string DisplaySectionName => SectionName ?? Slugs.Humanize(Section);

    public DateTimeOffset? StatusTime => Updated ?? Published;
}

public sealed record Credit(string Name, string Role, string? Location)
{
    public static readonly IReadOnlyList<string> Roles = ["author", "correspondent", "editor", "photographer", "producer"];
}

public sealed record Correction(string Text, DateTimeOffset Date);

public sealed record CommentPolicy(string Mode, int? ClosesAfterHours)
{
    public static readonly IReadOnlyList<string> Modes = ["open", "premoderated", "closed"];
}

public sealed record ImageRef(string Src, string Alt, string? Caption, string? Credit, int? Width, int? Height);

public sealed record LinkRef(string Url, string Text);

public abstract record Block
{
    public static readonly IReadOnlyList<string> Types =
        ["paragraph", "subheading", "quote", "image", "gallery", "video", "audio", "box", "list", "related", "embed"];
}

public sealed record ParagraphBlock(string Text) : Block;

public sealed record SubheadingBlock(string Text) : Block;

public sealed record QuoteBlock(string Text, string? Speaker, string? Role) : Block;

public sealed record ImageBlock(ImageRef Image) : Block;

public sealed record GalleryBlock(IReadOnlyList<ImageRef> Images, string? Caption) : Block;

public sealed record VideoBlock : Block
{
    public required string Src { get; init; }
    public string? Poster { get; init; }
    public string? Captions { get; init; }
    public string? CaptionsLanguage { get; init; }
    public string? Caption { get; init; }
    public string? Credit { get; init; }
    public string? Programme { get; init; }
    public DateTimeOffset? AirTime { get; init; }
    public string? Correspondent { get; init; }
    public int? DurationSeconds { get; init; }
}

public sealed record AudioBlock(string Src, string? Caption, string? Credit, int? DurationSeconds) : Block;

public sealed record BoxBlock(string Title, string Text, LinkRef? Link, ImageRef? Image) : Block;

public sealed record ListBlock(bool Numbered, IReadOnlyList<string> Items) : Block;

public sealed record RelatedBlock(IReadOnlyList<string> Slugs) : Block;

public sealed record EmbedBlock(string Url, string? Title) : Block;
