using System.Globalization;
using System.Text.RegularExpressions;

namespace Herald.Comments;

public enum RuleAction
{
    Accept,
    Hold,
    Reject,
}

public sealed record RuleVerdict(RuleAction Action, string? Reason)
{
    public static readonly RuleVerdict Accept = new(RuleAction.Accept, null);
}

// The rules that look at a comment's text before any human does. Rules that need the
// database (duplicates, rate limits, sanctions) live in CommentPosting.
public static partial class CommentRules
{
    public static RuleVerdict Check(string text, CommentOptions options)
    {
        // The text is split into words only when there are words to look for.
        if (options.BannedWords.Count > 0 || options.SuspectWords.Count > 0)
        {
            var words = Words(text);
            if (options.BannedWords.FirstOrDefault(w => words.Contains(w.ToLowerInvariant())) is { } banned)
            {
                return new(RuleAction.Reject, $"Your comment contains a word we do not publish (\"{banned}\"). Please rephrase it.");
            }
            if (options.SuspectWords.FirstOrDefault(w => words.Contains(w.ToLowerInvariant())) is { } suspect)
            {
                return new(RuleAction.Hold, $"suspect word \"{suspect}\"");
            }
        }
        if (options.MaxLinks > 0 && CommentText.CountLinks(text) is var links && links > options.MaxLinks)
        {
            return new(RuleAction.Hold, $"{links} links (more than {options.MaxLinks})");
        }
        return RuleVerdict.Accept;
    }

    public static string? LengthProblem(string text, CommentOptions options)
    {
        var length = CommentText.Normalize(text).Length;
        if (length < options.MinLength)
        {
            return length == 0 ? "Write your comment before sending it." : $"Your comment is too short: write at least {options.MinLength} characters.";
        }
        if (length > options.MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Your comment is {length} characters long; the limit is {options.MaxLength}. Please shorten it by {length - options.MaxLength} {(length - options.MaxLength == 1 ? "character" : "characters")}.");
        }
        return null;
    }

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
