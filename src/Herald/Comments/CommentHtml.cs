using System.Text.Encodings.Web;
using Herald.Articles;
using Herald.Reading;

namespace Herald.Comments;

public sealed record Viewer(long Id, string AntiforgeryField, string AntiforgeryToken, long Now, int EditWindowMinutes);

// One comment as HTML, for the page and for the live stream alike. Everything a reader
// wrote (name and text) is encoded; a comment's body becomes paragraphs and links only.
public static class CommentHtml
{
    // Names and text are encoded by Html.Encode's rules (PageWriter.Escaped); the writer's
    // HtmlEncoder is not used here.
    public static string Item(CommentView c, long articleId, string language, TimeZoneInfo zone, Viewer? viewer)
    {
        var html = new PageWriter(HtmlEncoder.Default, 2048);
        Item(html, c, articleId, language, zone, viewer, reply: c.ParentId is not null);
        return html.Finish();
    }

    public static void Item(PageWriter html, CommentView c, long articleId, string language, TimeZoneInfo zone, Viewer? viewer, bool reply)
    {
        var id = c.Id;
        html.Raw("<li class=\"comment"u8).Raw(c.Featured ? " featured"u8 : ""u8);
        if (c.State != "approved")
        {
            html.Raw(" comment-"u8).Raw(c.State);
        }
        html.Raw("\" id=\"comment-"u8).Text(id).Raw("\"><article aria-labelledby=\"comment-"u8).Text(id).Raw("-author\">"u8);
        html.Raw("<header class=\"comment-meta\"><span class=\"comment-author\" id=\"comment-"u8).Text(id).Raw("-author\">"u8);
        html.Escaped(c.State == "deleted" ? "(deleted)" : c.AuthorNameText.Span);
        html.Raw("</span>"u8);
        if (c.AuthorKind == "staff" && c.State != "deleted")
        {
            html.Raw(" <span class=\"comment-badge\">Newsroom</span>"u8);
        }
        if (c.Featured)
        {
            html.Raw(" <span class=\"comment-badge comment-pick\">Editor's pick</span>"u8);
        }
        html.Raw(" <time datetime=\""u8);
        Span<char> time = stackalloc char[Math.Max(Times.IsoLength, Labels.MaxTimeLength)];
        Times.Iso(time, c.CreatedAt);
        html.Raw(time[..Times.IsoLength]).Raw("\">"u8);
        // Digits, separators and "a.m."/"Uhr": nothing to encode.
        html.Raw(time[..Labels.FormatTime(time, DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt), language, zone)]);
        html.Raw("</time>"u8);
        if (c.EditedAt is not null)
        {
            html.Raw(" <span class=\"comment-edited\">(edited)</span>"u8);
        }
        html.Raw("</header>"u8);
        switch (c.State)
        {
            case "pending":
                html.Raw("<p class=\"comment-state\">Waiting for a moderator: only you can see this comment for now.</p>"u8);
                break;
            case "rejected":
                html.Raw("<p class=\"comment-state\">Not published by the moderators"u8);
                if (c.Reason is not null)
                {
                    html.Raw(": "u8).Escaped(c.Reason);
                }
                html.Raw(". Only you can see this comment.</p>"u8);
                break;
        }
        if (c.State == "deleted")
        {
            html.Raw("<p class=\"comment-state\">This comment was deleted by its author.</p>"u8);
        }
        else
        {
            html.Raw("<div class=\"comment-body\">"u8);
            if (c.StoredHtml.IsEmpty)
            {
                CommentText.AppendHtml(html, c.BodyText.Span);
            }
            else
            {
                html.Raw(c.StoredHtml.Span);
            }
            html.Raw("</div>"u8);
        }
        if (c.State == "approved")
        {
            html.Raw("<p class=\"comment-recommendations\"><span data-recommendations>"u8).Text(c.Recommendations).Raw("</span> "u8)
                .Raw(c.Recommendations == 1 ? "recommendation"u8 : "recommendations"u8).Raw("</p>"u8);
        }
        if (viewer is not null && c.State != "deleted")
        {
            Actions(html, c, articleId, viewer, reply);
        }
        html.Raw("</article>"u8);
        if (c.Replies.Count > 0)
        {
            html.Raw("<ol class=\"comment-replies\">"u8);
            var replies = c.Replies;
            for (var i = 0; i < replies.Count; i++)
            {
                Item(html, replies[i], articleId, language, zone, viewer, reply: true);
            }
            html.Raw("</ol>"u8);
        }
        html.Raw("</li>"u8);
    }

    private static void Actions(PageWriter html, CommentView c, long articleId, Viewer viewer, bool reply)
    {
        var action = $"/comments/{articleId}";
        var id = c.Id;
        html.Raw("<div class=\"comment-actions\">"u8);
        if (c.State == "approved" && c.UserId != viewer.Id)
        {
            Form(html, action + "?handler=Recommend", viewer, id, c.RecommendedByViewer ? "Recommended" : "Recommend", disabled: c.RecommendedByViewer);
        }
        if (c.State == "approved" && !reply)
        {
            html.Raw("<a href=\""u8).Raw(action).Raw("?reply="u8).Text(id).Raw("#comment-form\">Reply</a>"u8);
        }
        if (c.State == "approved" && c.UserId != viewer.Id)
        {
            html.Raw("<a href=\""u8).Raw(action).Raw("?report="u8).Text(id).Raw("\">Report</a>"u8);
        }
        if (c.UserId == viewer.Id)
        {
            if (viewer.Now - c.CreatedAt <= viewer.EditWindowMinutes * 60_000L && c.State is "approved" or "pending")
            {
                html.Raw("<a href=\""u8).Raw(action).Raw("?edit="u8).Text(id).Raw("\">Edit</a>"u8);
            }
            Form(html, action + "?handler=Delete", viewer, id, "Delete", disabled: false);
        }
        html.Raw("</div>"u8);
    }

    private static void Form(PageWriter html, string action, Viewer viewer, long commentId, string label, bool disabled)
    {
        html.Raw("<form method=\"post\" action=\""u8).Escaped(action).Raw("\"><input type=\"hidden\" name=\""u8).Escaped(viewer.AntiforgeryField)
            .Raw("\" value=\""u8).Escaped(viewer.AntiforgeryToken)
            .Raw("\"><input type=\"hidden\" name=\"CommentId\" value=\""u8).Text(commentId).Raw("\"><button type=\"submit\" class=\"link-button\""u8)
            .Raw(disabled ? " disabled"u8 : ""u8).Raw('>').Escaped(label).Raw("</button></form>"u8);
    }
}
