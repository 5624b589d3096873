using Herald.Desk;

namespace Herald.Tests.Desk;

public sealed class WorkflowTests
{
    // state, action, role, own article, allowed. "new" is an article not yet created.
    public static TheoryData<string?, DeskAction, string, bool, bool> Table => new()
    {
        { null, DeskAction.Create, "contributor", true, true },
        { null, DeskAction.Create, "editor", true, true },
        { null, DeskAction.Create, "moderator", true, false },
        { "draft", DeskAction.Edit, "contributor", true, true },
        { "draft", DeskAction.Edit, "contributor", false, false },
        { "draft", DeskAction.Submit, "contributor", true, true },
        { "draft", DeskAction.Submit, "contributor", false, false },
        { "draft", DeskAction.Publish, "contributor", true, false },
        { "draft", DeskAction.Schedule, "contributor", true, false },
        { "draft", DeskAction.Publish, "editor", false, true },
        { "draft", DeskAction.Schedule, "admin", false, true },
        { "draft", DeskAction.Edit, "owner", false, true },
        { "draft", DeskAction.Edit, "moderator", true, false },
        { "draft", DeskAction.Unpublish, "editor", false, false },
        { "in_review", DeskAction.Edit, "contributor", true, false },
        { "in_review", DeskAction.ReturnToDraft, "contributor", true, true },
        { "in_review", DeskAction.ReturnToDraft, "contributor", false, false },
        { "in_review", DeskAction.Publish, "editor", false, true },
        { "in_review", DeskAction.Submit, "editor", false, false },
        { "scheduled", DeskAction.Edit, "contributor", true, false },
        { "scheduled", DeskAction.Publish, "editor", false, true },
        { "scheduled", DeskAction.ReturnToDraft, "editor", false, true },
        { "published", DeskAction.Edit, "contributor", true, false },
        { "published", DeskAction.Edit, "editor", false, true },
        { "published", DeskAction.Publish, "editor", false, true },
        { "published", DeskAction.Correct, "editor", false, true },
        { "published", DeskAction.Correct, "contributor", true, false },
        { "published", DeskAction.Unpublish, "admin", false, true },
        { "published", DeskAction.Unpublish, "moderator", false, false },
        { "published", DeskAction.Submit, "editor", false, false },
        { "unpublished", DeskAction.Publish, "editor", false, true },
        { "unpublished", DeskAction.Unpublish, "editor", false, false },
        { "unpublished", DeskAction.Edit, "contributor", true, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_role_may_do_exactly_what_the_workflow_table_says(string? state, DeskAction action, string role, bool own, bool allowed) =>
        Assert.Equal(allowed, Workflow.Allows(state, action, role, own));

    [Fact]
    public void Moderators_and_readers_may_do_nothing_to_any_article()
    {
        foreach (var state in Workflow.States)
        {
            Assert.Empty(Workflow.Available(state, "moderator", own: true));
            Assert.Empty(Workflow.Available(state, null, own: true));
        }
    }

    [Theory]
    [InlineData("draft", DeskAction.Submit, "in_review")]
    [InlineData("in_review", DeskAction.ReturnToDraft, "draft")]
    [InlineData("draft", DeskAction.Schedule, "scheduled")]
    [InlineData("scheduled", DeskAction.Publish, "published")]
    [InlineData("published", DeskAction.Unpublish, "unpublished")]
    [InlineData("unpublished", DeskAction.Publish, "published")]
    public void Each_transition_leads_to_its_state(string from, DeskAction action, string to) =>
        Assert.Equal(to, Workflow.Target(from, action));
}
