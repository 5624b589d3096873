using Herald.Accounts;
using Herald.Articles;

namespace Herald.Desk;

public enum DeskAction
{
    Create,
    Edit,
    Submit,
    ReturnToDraft,
    Schedule,
    Publish,
    Correct,
    Unpublish,
}

// Who may do what to an article in which state: the one table of the editorial workflow.
// "Own" rows apply to the article's creator only; editors, admins and the owner may do
// everything; moderators work on comments and may do nothing here.
public static class Workflow
{
    private enum Who { Editors, EditorsAndOwnContributor }

    private sealed record Rule(string State, DeskAction Action, string? Target, Who Who);

    private const string New = "new";

    private static readonly Rule[] Rules =
    [
        new(New, DeskAction.Create, ArticleStates.Draft, Who.EditorsAndOwnContributor),

        new(ArticleStates.Draft, DeskAction.Edit, null, Who.EditorsAndOwnContributor),
        new(ArticleStates.Draft, DeskAction.Submit, ArticleStates.InReview, Who.EditorsAndOwnContributor),
        new(ArticleStates.Draft, DeskAction.Schedule, ArticleStates.Scheduled, Who.Editors),
        new(ArticleStates.Draft, DeskAction.Publish, ArticleStates.Published, Who.Editors),

        new(ArticleStates.InReview, DeskAction.Edit, null, Who.Editors),
        new(ArticleStates.InReview, DeskAction.ReturnToDraft, ArticleStates.Draft, Who.EditorsAndOwnContributor),
        new(ArticleStates.InReview, DeskAction.Schedule, ArticleStates.Scheduled, Who.Editors),
        new(ArticleStates.InReview, DeskAction.Publish, ArticleStates.Published, Who.Editors),

        new(ArticleStates.Scheduled, DeskAction.Edit, null, Who.Editors),
        new(ArticleStates.Scheduled, DeskAction.ReturnToDraft, ArticleStates.Draft, Who.Editors),
        new(ArticleStates.Scheduled, DeskAction.Schedule, ArticleStates.Scheduled, Who.Editors),
        new(ArticleStates.Scheduled, DeskAction.Publish, ArticleStates.Published, Who.Editors),

        // Edits to a published article wait as the current revision until an editor publishes them (the update).
        new(ArticleStates.Published, DeskAction.Edit, null, Who.Editors),
        new(ArticleStates.Published, DeskAction.Publish, ArticleStates.Published, Who.Editors),
        new(ArticleStates.Published, DeskAction.Correct, ArticleStates.Published, Who.Editors),
        new(ArticleStates.Published, DeskAction.Unpublish, ArticleStates.Unpublished, Who.Editors),

        new(ArticleStates.Unpublished, DeskAction.Edit, null, Who.Editors),
        new(ArticleStates.Unpublished, DeskAction.Publish, ArticleStates.Published, Who.Editors),
    ];

    public static bool IsEditor(string? role) => role is Roles.Owner or Roles.Admin or Roles.Editor;

    public static bool MayWrite(string? role) => IsEditor(role) || role == Roles.Contributor;

    // state is null for an article that does not exist yet.
    public static bool Allows(string? state, DeskAction action, string? role, bool own) =>
        Rules.Any(r => r.State == (state ?? New) && r.Action == action && (IsEditor(role) || (r.Who == Who.EditorsAndOwnContributor && own && role == Roles.Contributor)));

    public static string? Target(string state, DeskAction action) =>
        Rules.FirstOrDefault(r => r.State == state && r.Action == action)?.Target;

    public static IReadOnlyList<DeskAction> Available(string state, string? role, bool own) =>
        Rules.Where(r => r.State == state && r.Action != DeskAction.Edit && Allows(state, r.Action, role, own)).Select(r => r.Action).ToList();

    public static string StateLabel(string state) => state switch
    {
        ArticleStates.Draft => "Draft",
        ArticleStates.InReview => "In review",
        ArticleStates.Scheduled => "Scheduled",
        ArticleStates.Published => "Published",
        ArticleStates.Unpublished => "Unpublished",
        _ => state,
    };

    public static readonly IReadOnlyList<string> States =
        [ArticleStates.Draft, ArticleStates.InReview, ArticleStates.Scheduled, ArticleStates.Published, ArticleStates.Unpublished];
}
