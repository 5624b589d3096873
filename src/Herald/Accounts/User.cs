namespace Herald.Accounts;

public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Editor = "editor";
    public const string Contributor = "contributor";
    public const string Moderator = "moderator";

    public static readonly IReadOnlyList<string> Staff = [Owner, Admin, Editor, Contributor, Moderator];

    // Who may moderate comments: moderators, and the roles above them.
    public const string Moderators = $"{Owner},{Admin},{Editor},{Moderator}";
    public const string Administrators = $"{Owner},{Admin}";
}

public static class UserKinds
{
    public const string Staff = "staff";
    public const string Reader = "reader";
}

public sealed class User
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string? PasswordHash { get; set; }
    public string Kind { get; set; } = UserKinds.Reader;
    public string? Role { get; set; }
    public bool Active { get; set; } = true;
    public bool EmailConfirmed { get; set; }
    public int AccessFailedCount { get; set; }
    public long? LockoutEnd { get; set; }
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
    public long CreatedAt { get; set; }

    public bool IsStaff => Kind == UserKinds.Staff;
}
