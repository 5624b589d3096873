using Herald.Articles;

namespace Herald.Desk;

// Places herald/article@1 validation errors beside the editor field or block they concern.
// Keys: a top-level form property ("Title"), "block:{i}:{field key}" for a block field,
// "block:{i}:" for the block as a whole, and "" for what has no field of its own.
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> byKey = new(StringComparer.Ordinal);

    public int Count => byKey.Values.Sum(v => v.Count);

    public IReadOnlyList<string> For(string key) => byKey.TryGetValue(key, out var list) ? list : [];

    public IReadOnlyList<string> ForBlock(int index, string field = "") => For($"block:{index}:{field}");

    public IEnumerable<string> All => byKey.Values.SelectMany(v => v);

    public void Add(string key, string message)
    {
        if (!byKey.TryGetValue(key, out var list))
        {
            byKey[key] = list = [];
        }
        list.Add(message);
    }

    private static readonly Dictionary<string, string> TopLevel = new(StringComparer.Ordinal)
    {
        ["slug"] = "Slug", ["language"] = "Language", ["translationGroup"] = "TranslationGroup", ["section"] = "Section",
        ["sectionName"] = "SectionName", ["topline"] = "Topline", ["title"] = "Title", ["lead"] = "Lead", ["tags"] = "Tags",
        ["authors"] = "Authors", ["teaserImage"] = "Teaser", ["commentPolicy"] = "CommentMode", ["blocks"] = "Blocks",
    };

    public static FormErrors From(IEnumerable<FormatError> errors, IReadOnlyList<BlockForm> blocks)
    {
        var result = new FormErrors();
        foreach (var e in errors)
        {
            var cut = e.Path.IndexOfAny(['.', '[']);
            var head = cut < 0 ? e.Path : e.Path[..cut];
            if (head == "blocks" && cut >= 0 && e.Path[cut] == '[')
            {
                var close = e.Path.IndexOf(']', cut);
                var index = int.Parse(e.Path[(cut + 1)..close], System.Globalization.CultureInfo.InvariantCulture);
                var rest = e.Path[(close + 1)..].TrimStart('.');
                result.AddBlock(index, rest, e.Message, index < blocks.Count ? blocks[index].Type : null);
                continue;
            }
            var rest2 = cut < 0 ? "" : e.Path[cut..].TrimStart('.');
            var where = rest2.Length == 0 ? "" : Describe(rest2) + " ";
            if (TopLevel.TryGetValue(head, out var key))
            {
                result.Add(key, Sentence(where + e.Message));
            }
            else
            {
                result.Add("", Sentence((e.Path.Length == 0 ? "" : e.Path + " ") + e.Message));
            }
        }
        return result;
    }

    private void AddBlock(int index, string rest, string message, string? type)
    {
        var fields = type is not null && BlockFields.ByType.TryGetValue(type, out var f) ? f : [];
        // "items[2]" and "images[0].alt" belong to the lines field; "link.url" is its own field.
        var field = fields.FirstOrDefault(x => rest == x.Key || rest.StartsWith(x.Key + "[", StringComparison.Ordinal));
        if (field is null)
        {
            Add($"block:{index}:", Sentence((rest.Length == 0 ? "" : Describe(rest) + " ") + message));
            return;
        }
        var detail = rest.Length > field.Key.Length ? Describe(rest[field.Key.Length..]) + " " : "";
        Add($"block:{index}:{field.Key}", Sentence(detail + message));
    }

    // "[2].alt" → "line 3 alt"; "[0]" → "line 1".
    private static string Describe(string path)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(path, @"\[(\d+)\]",
            m => $" line {int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1} ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return text.Replace('.', ' ').Trim().Replace("  ", " ", StringComparison.Ordinal) + ":";
    }

    private static string Sentence(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..] + (s.EndsWith('.') ? "" : ".");
}
