using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Herald.Tests.Browser;

public sealed record NuMessage(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subType")] string? SubType,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("extract")] string? Extract,
    [property: JsonPropertyName("lastLine")] int? Line,
    [property: JsonPropertyName("firstColumn")] int? Column)
{
    // "non-document-error" means the checker could not read the document at all.
    public bool IsError => Type is "error" or "non-document-error";

    public override string ToString() => $"{Type}{(SubType is null ? "" : "/" + SubType)} at line {Line}, column {Column}: {Message}\n    {Extract?.ReplaceLineEndings(" ")}";
}

// The W3C Nu HTML checker (vnu.jar from tests/validators, installed by test.sh).
// One JVM checks every document at once: starting Java is the slow part.
public static class NuHtmlChecker
{
    private sealed record Report([property: JsonPropertyName("messages")] List<NuMessage> Messages);

    public static string JarPath => Path.Combine(RepositoryRoot(), "tests", "validators", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");

    // documents: name -> (file extension, content); "css" documents are checked as CSS.
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<NuMessage>>> CheckAsync(
        IReadOnlyDictionary<string, (string Extension, string Content)> documents, CancellationToken ct)
    {
        var jar = JarPath;
        if (!File.Exists(jar))
        {
            throw new InvalidOperationException($"{jar} is missing; ./test.sh installs it with npm ci in tests/validators.");
        }
        var folder = Directory.CreateTempSubdirectory("herald-vnu-");
        try
        {
            var nameByFile = new Dictionary<string, string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var (name, (extension, content)) in documents)
            {
                var file = Path.Combine(folder.FullName, $"document-{index++}.{extension}");
                await File.WriteAllTextAsync(file, content, ct);
                nameByFile[Path.GetFileName(file)] = name;
            }
            var output = await RunAsync(["-jar", jar, "--format", "json", "--stdout", "--exit-zero-always", "--also-check-css", .. nameByFile.Keys.Order(StringComparer.Ordinal)], folder.FullName, ct);
            var report = JsonSerializer.Deserialize<Report>(output) ?? throw new InvalidOperationException("vnu printed no report:\n" + output);
            var byName = documents.Keys.ToDictionary(n => n, _ => new List<NuMessage>());
            foreach (var message in report.Messages)
            {
                // vnu names files as "file:/tmp/.../document-3.html", which System.Uri does not parse.
                var file = message.Url?[(message.Url.LastIndexOf('/') + 1)..];
                if (file is null || !nameByFile.TryGetValue(file, out var name))
                {
                    throw new InvalidOperationException($"vnu reported on an unknown document: {message}");
                }
                byName[name].Add(message);
            }
            return byName.ToDictionary(p => p.Key, p => (IReadOnlyList<NuMessage>)p.Value);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> RunAsync(IEnumerable<string> arguments, string workingDirectory, CancellationToken ct)
    {
        var start = new ProcessStartInfo("java")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("java could not be started; ./test.sh installs it.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"vnu exited with {process.ExitCode}:\n{await stderr}");
        }
        return await stdout;
    }

    // The folder holding Herald.slnx, found from the test binaries upwards.
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Herald.slnx above {AppContext.BaseDirectory}");
    }
}
