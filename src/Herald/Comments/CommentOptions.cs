namespace Herald.Comments;

// Herald:Comments in configuration. Every rule can be tuned or switched off (0 or empty).
public sealed class CommentOptions
{
    // open (post-moderated), premoderated or closed, when neither article nor section says.
    public string DefaultMode { get; set; } = "premoderated";

    public int MinLength { get; set; } = 2;
    public int MaxLength { get; set; } = 3000;

    // A comment with one of these words is refused with a message.
    public List<string> BannedWords { get; set; } = [];

    // A comment with one of these words waits for a moderator.
    public List<string> SuspectWords { get; set; } = [];

    // More links than this and the comment waits for a moderator.
    public int MaxLinks { get; set; } = 2;

    // The same text again on the same article within this many minutes is refused.
    public int DuplicateWindowMinutes { get; set; } = 10;

    public int PerAccountPerMinute { get; set; } = 5;
    public int PerAddressPerMinute { get; set; } = 20;

    // Faster than this from showing the form to sending it is a bot.
    public int MinSecondsToSubmit { get; set; } = 2;

    // A reader's comments are pre-moderated until this many of theirs were approved.
    public int TrustAfterApproved { get; set; } = 1;

    // This many reports hide an approved comment until a moderator looks.
    public int HideAfterReports { get; set; } = 3;

    public int EditWindowMinutes { get; set; } = 15;

    public int PageSize { get; set; } = 50;

    // Keys the hash of readers' addresses (kept only for rate limits); set your own.
    public string AddressKey { get; set; } = "herald-address-key";
}
