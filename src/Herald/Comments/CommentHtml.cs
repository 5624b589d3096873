using System.Globalization;
using System.Text;
using Herald.Articles;

namespace Herald.Comments;

public sealed record Viewer(long Id, string AntiforgeryField, string AntiforgeryToken, long Now, int EditWindowMinutes);

// One comment as HTML, for the page and for the live stream alike. Everything a reader
// wrote (name and text) is encoded; a comment's body becomes paragraphs and links only.
public static class CommentHtml
{
    public static string Item(CommentView c, long articleId, string language, TimeZoneInfo zone, Viewer? viewer)
    {
        var html = new StringBuilder(1024);
        Item(html, c, articleId, language, zone, viewer, reply: c.ParentId is not null);
        return html.ToString();
    }

    public static void Item(StringBuilder html, CommentView c, long articleId, string language, TimeZoneInfo zone, Viewer? viewer, bool reply)
    {
        var id = c.Id.ToString(CultureInfo.InvariantCulture);
        html.Append("<li class=\"comment").Append(c.Featured ? " featured" : "").Append(c.State != "approved" ? " comment-" + c.State : "")
            .Append("\" id=\"comment-").Append(id).Append("\"><article aria-labelledby=\"comment-").Append(id).Append("-author\">");
        html.Append("<header class=\"comment-meta\"><span class=\"comment-author\" id=\"comment-").Append(id).Append("-author\">");
        Html.Encode(html, c.State == "deleted" ? "(deleted)" : c.AuthorName);
        html.Append("</span>");
        if (c.AuthorKind == "staff" && c.State != "deleted")
        {
            html.Append(" <span class=\"comment-badge\">Newsroom</span>");
        }
        if (c.Featured)
        {
            html.Append(" <span class=\"comment-badge comment-pick\">Editor's pick</span>");
        }
        html.Append(" <time datetime=\"");
        Reading.Times.AppendIso(html, c.CreatedAt);
        html.Append("\">");
        // Digits, separators and "a.m."/"Uhr": nothing to encode.
        Span<char> shown = stackalloc char[Labels.MaxTimeLength];
        html.Append(shown[..Labels.FormatTime(shown, DateTimeOffset.FromUnixTimeMilliseconds(c.CreatedAt), language, zone)]);
        html.Append("</time>");
        if (c.EditedAt is not null)
        {
            html.Append(" <span class=\"comment-edited\">(edited)</span>");
        }
        html.Append("</header>");
        switch (c.State)
        {
            case "pending":
                html.Append("<p class=\"comment-state\">Waiting for a moderator: only you can see this comment for now.</p>");
                break;
            case "rejected":
                html.Append("<p class=\"comment-state\">Not published by the moderators");
                if (c.Reason is not null)
                {
                    html.Append(": ");
                    Html.Encode(html, c.Reason);
                }
                html.Append(". Only you can see this comment.</p>");
                break;
        }
        if (c.State == "deleted")
        {
            html.Append("<p class=\"comment-state\">This comment was deleted by its author.</p>");
        }
        else
        {
            html.Append("<div class=\"comment-body\">");
            CommentText.AppendHtml(html, c.Body);
            html.Append("</div>");
        }
        if (c.State == "approved")
        {
            html.Append("<p class=\"comment-recommendations\"><span data-recommendations>").Append(c.Recommendations).Append("</span> ")
                .Append(c.Recommendations == 1 ? "recommendation" : "recommendations").Append("</p>");
        }
        if (viewer is not null && c.State != "deleted")
        {
            Actions(html, c, articleId, viewer, reply);
        }
        html.Append("</article>");
        if (c.Replies.Count > 0)
        {
            html.Append("<ol class=\"comment-replies\">");
            foreach (var r in c.Replies)
            {
                Item(html, r, articleId, language, zone, viewer, reply: true);
            }
            html.Append("</ol>");
        }
        html.Append("</li>");
    }

    private static void Actions(StringBuilder html, CommentView c, long articleId, Viewer viewer, bool reply)
    {
        var action = $"/comments/{articleId.ToString(CultureInfo.InvariantCulture)}";
        var id = c.Id.ToString(CultureInfo.InvariantCulture);
        html.Append("<div class=\"comment-actions\">");
        if (c.State == "approved" && c.UserId != viewer.Id)
        {
            Form(html, action + "?handler=Recommend", viewer, id, c.RecommendedByViewer ? "Recommended" : "Recommend", disabled: c.RecommendedByViewer);
        }
        if (c.State == "approved" && !reply)
        {
            html.Append("<a href=\"").Append(action).Append("?reply=").Append(id).Append("#comment-form\">Reply</a>");
        }
        if (c.State == "approved" && c.UserId != viewer.Id)
        {
            html.Append("<a href=\"").Append(action).Append("?report=").Append(id).Append("\">Report</a>");
        }
        if (c.UserId == viewer.Id)
        {
            if (viewer.Now - c.CreatedAt <= viewer.EditWindowMinutes * 60_000L && c.State is "approved" or "pending")
            {
                html.Append("<a href=\"").Append(action).Append("?edit=").Append(id).Append("\">Edit</a>");
            }
            Form(html, action + "?handler=Delete", viewer, id, "Delete", disabled: false);
        }
        html.Append("</div>");
    }

    private static void Form(StringBuilder html, string action, Viewer viewer, string commentId, string label, bool disabled)
    {
        html.Append("<form method=\"post\" action=\"");
        Html.Encode(html, action);
        html.Append("\"><input type=\"hidden\" name=\"");
        Html.Encode(html, viewer.AntiforgeryField);
        html.Append("\" value=\"");
        Html.Encode(html, viewer.AntiforgeryToken);
        html.Append("\"><input type=\"hidden\" name=\"CommentId\" value=\"").Append(commentId).Append("\"><button type=\"submit\" class=\"link-button\"")
            .Append(disabled ? " disabled" : "").Append('>');
        Html.Encode(html, label);
        html.Append("</button></form>");
    }
}
