using Herald.Articles;
using Herald.Reading;

namespace Herald.Comments;

// The discussion under an article (part of the article page, ArticleHtml): the comment form
// or why there is none, the sort links, one page of comments (CommentHtml, which the live
// stream shares) and the pager.
public static class DiscussionHtml
{
    public static void Write(PageWriter w, DiscussionModel m)
    {
        var basePath = m.ArticlePath;
        var page = m.Page;
        var state = m.State;
        w.Raw("<section id=\"comments\" class=\"discussion\" aria-labelledby=\"comments-heading\"")
            .Attr("data-live", state.Open ? $"/comments/{m.ArticleId}/live" : null).Attr("data-sort", page.Sort).Raw(">\n")
            .Raw("<h2 id=\"comments-heading\">Comments (<span data-comment-count>").Text(page.Count).Raw("</span>)</h2>\n");
        if (!state.Open)
        {
            w.Raw("<p class=\"discussion-closed\">").Text(state.ClosedReason).Raw("</p>\n");
        }
        else if (m.Viewer is { } viewer)
        {
            w.Raw("<form id=\"comment-form\" class=\"comment-form\" method=\"post\"").Attr("action", $"/comments/{m.ArticleId}").Raw(">\n")
                .Raw("<h3>Leave a comment</h3>\n");
            if (state.Mode == "premoderated")
            {
                w.Raw("<p class=\"form-hint\">Comments appear after a moderator has approved them.</p>\n");
            }
            if (state.ClosesAt is { } closes)
            {
                w.Raw("<p class=\"form-hint\">This discussion closes on ").Time(closes.ToUnixTimeMilliseconds(), Labels.FormatTime(closes, m.Language, m.Zone))
                    .Raw(".</p>\n");
            }
            w.Raw("<input type=\"hidden\" name=\"FormToken\"").Attr("value", m.FormToken).Raw(">\n")
                .Raw("<p class=\"field\">\n<label for=\"comment-text\">Your comment</label>\n")
                .Raw("<textarea id=\"comment-text\" name=\"Text\" rows=\"6\" maxlength=\"5000\" required aria-describedby=\"comment-rules\"></textarea>\n")
                .Raw("<span id=\"comment-rules\" class=\"form-hint\">Plain text; links are allowed. Be fair and stay on topic.</span>\n</p>\n")
                .Raw("<p class=\"trap\" aria-hidden=\"true\"><label for=\"comment-website\">Leave this empty</label> <input id=\"comment-website\" name=\"Website\" tabindex=\"-1\" autocomplete=\"off\"></p>\n")
                .Raw("<p class=\"field-check\"><input type=\"checkbox\" id=\"comment-notify\" name=\"NotifyReplies\" value=\"true\"> <label for=\"comment-notify\">E-mail me when someone replies</label></p>\n")
                .Raw("<p><button type=\"submit\">Publish comment</button></p>\n")
                // The anti-forgery token the handler issued for this viewer (ArticleEndpoint).
                .Raw("<input").Attr("name", viewer.AntiforgeryField).Raw(" type=\"hidden\"").Attr("value", viewer.AntiforgeryToken).Raw("></form>\n");
        }
        else
        {
            var returnUrl = Uri.EscapeDataString(basePath + "#comments");
            w.Raw("<p class=\"discussion-signin\"><a").Attr("href", "/account/login?ReturnUrl=" + returnUrl).Raw(">Sign in</a> or <a")
                .Attr("href", "/account/register?ReturnUrl=" + returnUrl).Raw(">create an account</a> to leave a comment.</p>\n");
        }
        if (page.Count > 0 || page.Comments.Count > 0)
        {
            w.Raw("<nav class=\"comment-sort\" aria-label=\"Order of comments\">\n<ul>\n");
            SortLink(w, basePath, page.Sort, "newest", "Newest first");
            SortLink(w, basePath, page.Sort, "oldest", "Oldest first");
            SortLink(w, basePath, page.Sort, "recommended", "Most recommended");
            w.Raw("</ul>\n</nav>\n");
        }
        w.Raw("<ol class=\"comment-list\">\n");
        foreach (var comment in page.Comments)
        {
            CommentHtml.Item(w, comment, m.ArticleId, m.Language, m.Zone, m.Viewer, reply: comment.ParentId is not null);
            w.Raw('\n');
        }
        w.Raw("</ol>\n");
        if (page.Page > 1 || page.HasNext)
        {
            w.Raw("<nav class=\"pager\" aria-label=\"Comment pages\">\n");
            if (page.Page > 1)
            {
                w.Raw("<a rel=\"prev\"").Attr("href", $"{basePath}?comments={page.Sort}&cpage={page.Page - 1}#comments").Raw(">Previous comments</a>\n");
            }
            if (page.HasNext)
            {
                w.Raw("<a rel=\"next\"").Attr("href", $"{basePath}?comments={page.Sort}&cpage={page.Page + 1}#comments").Raw(">More comments</a>\n");
            }
            w.Raw("</nav>\n");
        }
        w.Raw("<p class=\"live-status visually-hidden\" role=\"status\" aria-live=\"polite\"></p>\n</section>\n")
            .Raw("<script").Attr("src", Assets.CommentsScriptPath).Raw(" defer></script>\n");
    }

    private static void SortLink(PageWriter w, string basePath, string current, string sort, string label) =>
        w.Raw("<li><a").Attr("href", sort == "newest" ? $"{basePath}#comments" : $"{basePath}?comments={sort}#comments")
            .Attr("aria-current", current == sort ? "true" : null).Raw('>').Raw(label).Raw("</a></li>\n");
}
