namespace Herald.Desk;

// One labelled form field with its hint and errors, as _Field.cshtml renders it.
public sealed record FieldView(string Id, string Name, string Label, FieldKind Kind, string? Value, IReadOnlyList<string> Errors,
    bool Required = false, string? Hint = null, IReadOnlyList<string>? Options = null, string? List = null)
{
    public static FieldView Top(string property, string label, string? value, FormErrors errors, FieldKind kind = FieldKind.Text, bool required = false, string? hint = null, IReadOnlyList<string>? options = null, string? list = null) =>
        new("f-" + property, "Form." + property, label, kind, value, errors.For(property), required, hint, options, list);

    public static FieldView Block(int index, BlockForm block, BlockField field, FormErrors errors) =>
        new($"b{index}-{field.Key.Replace('.', '-')}", $"Form.Blocks[{index}].F[{field.Key}]", field.Label, field.Kind, block.Get(field.Key),
            errors.ForBlock(index, field.Key), field.Required, field.Hint, field.Options, field.Kind == FieldKind.Url ? MediaList : null);

    // The editor's datalist of recent uploads, offered in every address field.
    public const string MediaList = "media-files";
}
