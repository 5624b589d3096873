namespace Herald.Desk;

public sealed record DiffView(string OldLabel, string NewLabel, IReadOnlyList<DiffRow> Rows);
