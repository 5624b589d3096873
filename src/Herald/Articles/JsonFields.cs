using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Herald.Articles;

public sealed record FormatError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

// Reads one JSON object field by field, recording a precise error (with its JSON
// path) for every problem instead of stopping at the first, and rejecting
// properties nobody asked for.
internal sealed partial class JsonFields
{
    private readonly JsonElement element;
    private readonly string path;
    private readonly List<FormatError> errors;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    private JsonFields(JsonElement element, string path, List<FormatError> errors)
    {
        this.element = element;
        this.path = path;
        this.errors = errors;
    }

    public static JsonFields? Object(JsonElement element, string path, List<FormatError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FormatError(path, $"must be a JSON object, not {Describe(element)}"));
            return null;
        }
        return new JsonFields(element, path, errors);
    }

    public string PathOf(string name) => path.Length == 0 ? name : $"{path}.{name}";

    public void Error(string name, string message) => errors.Add(new FormatError(PathOf(name), message));

    private JsonElement? Get(string name, bool required)
    {
        read.Add(name);
        if (element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }
        if (required)
        {
            Error(name, "is required");
        }
        return null;
    }

    public string? String(string name, bool required = false, int min = 1, int max = int.MaxValue, Func<string, string?>? check = null)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"must be a string, not {Describe(value)}");
            return null;
        }
        var text = value.GetString()!;
        if (!required && text.Trim().Length == 0)
        {
            // An empty optional string means the same as leaving the field out.
            return null;
        }
        if (text.Trim().Length < min)
        {
            Error(name, min == 1 ? "must not be empty" : $"must be at least {min} characters");
            return null;
        }
        if (text.Length > max)
        {
            Error(name, $"is {text.Length} characters long; the limit is {max}");
            return null;
        }
        if (check?.Invoke(text) is { } problem)
        {
            Error(name, problem);
            return null;
        }
        return text;
    }

    public string? OneOf(string name, IReadOnlyList<string> allowed, bool required = false)
    {
        var value = String(name, required);
        if (value is not null && !allowed.Contains(value))
        {
            Error(name, $"\"{value}\" is not allowed (expected {string.Join(", ", allowed)})");
            return null;
        }
        return value;
    }

    public bool? Bool(string name)
    {
        if (Get(name, false) is not { } value)
        {
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }
        Error(name, $"must be true or false, not {Describe(value)}");
        return null;
    }

    public int? Int(string name, int min, int max, bool required = false)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Error(name, $"must be a whole number, not {Describe(value)}");
            return null;
        }
        if (number < min || number > max)
        {
            Error(name, $"must be between {min} and {max}, not {number}");
            return null;
        }
        return number;
    }

    public DateTimeOffset? Date(string name, bool required = false)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }
        if (!Rfc3339().IsMatch(text) ||
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            Error(name, $"\"{text}\" is not a date-time with an offset such as 2026-03-02T09:15:00+01:00");
            return null;
        }
        return date;
    }

    public string? Slug(string name, bool required = false) =>
        String(name, required, check: s => Slugs.IsValid(s) ? null : $"\"{s}\" is not a slug (lowercase letters, digits and single hyphens, at most {Slugs.MaxLength} characters)");

    public string? MediaUrl(string name, bool required = false) =>
        String(name, required, check: s => Urls.IsMedia(s) ? null : $"\"{Shorten(s)}\" is not an http(s) URL or a path on this site");

    public string? WebUrl(string name, bool required = false) =>
        String(name, required, check: s => Urls.IsWeb(s) ? null : $"\"{Shorten(s)}\" is not an http or https URL");

    public string? Inline(string name, bool required, int max) =>
        String(name, required, max: max, check: s =>
        {
            try
            {
                InlineHtml.Parse(s);
                return null;
            }
            catch (InlineHtml.InvalidMarkupException e)
            {
                return e.Message;
            }
        });

    public JsonFields? Object(string name, bool required = false) =>
        Get(name, required) is { } value ? Object(value, PathOf(name), errors) : null;

    public List<(JsonElement Item, string Path)>? Array(string name, bool required, int min, int max)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be an array, not {Describe(value)}");
            return null;
        }
        var count = value.GetArrayLength();
        if (count < min || count > max)
        {
            Error(name, count < min ? $"must have at least {min} item{(min == 1 ? "" : "s")}" : $"has {count} items; the limit is {max}");
            return null;
        }
        return value.EnumerateArray().Select((item, i) => (item, $"{PathOf(name)}[{i}]")).ToList();
    }

    public List<string>? StringArray(string name, int max, int maxLength, Func<string, string?>? check = null)
    {
        var items = Array(name, false, 0, max);
        if (items is null)
        {
            return null;
        }
        var result = new List<string>();
        foreach (var (item, itemPath) in items)
        {
            if (item.ValueKind != JsonValueKind.String || item.GetString()!.Trim().Length == 0)
            {
                errors.Add(new FormatError(itemPath, "must be a non-empty string"));
            }
            else if (item.GetString()!.Length > maxLength)
            {
                errors.Add(new FormatError(itemPath, $"is longer than {maxLength} characters"));
            }
            else if (check?.Invoke(item.GetString()!) is { } problem)
            {
                errors.Add(new FormatError(itemPath, problem));
            }
            else
            {
                result.Add(item.GetString()!);
            }
        }
        return result;
    }

    public void RejectUnknown(string what)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!read.Contains(property.Name))
            {
                errors.Add(new FormatError(PathOf(property.Name), $"is not a field of {what}"));
            }
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?(?:Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
