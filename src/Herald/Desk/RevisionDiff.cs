using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Herald.Articles;

namespace Herald.Desk;

public sealed record DiffWord(string Text, ChangeType Change);

public sealed record DiffRow(ChangeType Change, IReadOnlyList<DiffWord> Old, IReadOnlyList<DiffWord> New);

// Two revisions side by side: one line per field or block as an editor reads it, and
// within a changed line the words that were removed or added.
public static class RevisionDiff
{
    public static IReadOnlyList<DiffRow> Compare(ArticleDocument older, ArticleDocument newer)
    {
        var model = SideBySideDiffBuilder.Diff(new Differ(), Text(older), Text(newer), ignoreWhiteSpace: false, ignoreCase: false, lineChunker: null, wordChunker: null);
        var rows = new List<DiffRow>();
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var o = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var n = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            var change = o?.Type == ChangeType.Unchanged && n?.Type == ChangeType.Unchanged ? ChangeType.Unchanged : ChangeType.Modified;
            rows.Add(new DiffRow(change, Pieces(o), Pieces(n)));
        }
        return rows;
    }

    private static List<DiffWord> Pieces(DiffPlex.DiffBuilder.Model.DiffPiece? line)
    {
        if (line is null || line.Type == ChangeType.Imaginary || line.Text is null)
        {
            return [];
        }
        if (line.Type == ChangeType.Modified && line.SubPieces.Count > 0)
        {
            return line.SubPieces.Where(p => p.Type != ChangeType.Imaginary && p.Text is not null).Select(p => new DiffWord(p.Text!, p.Type)).ToList();
        }
        return [new DiffWord(line.Text, line.Type)];
    }

    // The text of a revision the way a diff should show it: labelled lines in reading order.
    public static string Text(ArticleDocument d)
    {
        var s = new StringBuilder();
        void Line(string label, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                s.Append(label).Append(": ").Append(value.ReplaceLineEndings(" ")).Append('\n');
            }
        }
        Line("Slug", d.Slug);
        Line("Language", d.Language);
        Line("Translation group", d.TranslationGroup);
        Line("Section", d.SectionName is null ? d.Section : $"{d.Section} ({d.SectionName})");
        Line("Topline", d.Topline);
        Line("Title", d.Title);
        Line("Lead", d.Lead);
        Line("Breaking", d.Breaking ? "yes" : null);
        Line("Authors", string.Join("; ", d.Authors.Select(a => string.Join(", ", new[] { a.Name, a.Role, a.Location }.Where(x => x is not null)))));
        Line("Tags", string.Join(", ", d.Tags));
        Line("Teaser image", d.TeaserImage is { } t ? $"{t.Src} ({t.Alt})" : null);
        Line("Comments", d.CommentPolicy is { } p ? p.Mode + (p.ClosesAfterHours is { } h ? $", close after {h} h" : "") : null);
        foreach (var block in d.Blocks)
        {
            var form = BlockForms.From(block, TimeZoneInfo.Utc);
            var label = BlockFields.Label(form.Type);
            var fields = BlockFields.ByType[form.Type];
            var parts = fields.Select(f => form.Get(f.Key)).Where(v => v.Length > 0).Select(v => v.ReplaceLineEndings(" / "));
            Line(label, string.Join(" | ", parts));
        }
        foreach (var c in d.Corrections)
        {
            Line("Correction " + c.Date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), c.Text);
        }
        return s.ToString();
    }
}
