namespace Herald.Tests.Support;

public static class RepoRoot
{
    // The folder holding Herald.slnx, found by walking up from the test binaries.
    public static readonly string Path = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Herald.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Herald.slnx not found above " + AppContext.BaseDirectory);
    }
}
