using Dapper;
using Herald.Accounts;
using Herald.Articles;
using Herald.Data;
using Herald.Hosting;

namespace Herald.Comments;

// "E-mail me when someone replies": queued when a reply is approved, for the author of the
// comment it answers, if they asked for it and are not the one replying.
public sealed class CommentNotifications(Db db, Mailer mailer, HeraldOptions options, ILogger<CommentNotifications> logger)
{
    public async Task ReplyApprovedAsync(long replyId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var target = await c.OneOrNoneAsync<(string Email, string Name, string ReplierName, string Title, string Section, string Slug)>(
            """
            SELECT pu.email, pu.display_name, ru.display_name, a.title, s.slug, a.slug
            FROM comments r
            JOIN comments p ON p.id = r.parent_id
            JOIN users pu ON pu.id = p.user_id
            JOIN users ru ON ru.id = r.user_id
            JOIN articles a ON a.id = r.article_id
            JOIN sections s ON s.id = a.section_id
            WHERE r.id = @replyId AND r.state = 'approved' AND p.notify_replies = 1 AND p.user_id <> r.user_id
            """, new { replyId });
        if (target is not { } t)
        {
            return;
        }
        var link = (options.BaseUrl?.TrimEnd('/') ?? "") + ArticlePaths.Article(t.Section, t.Slug) + $"#comment-{replyId}";
        try
        {
            await mailer.SendAsync(t.Email, $"{t.ReplierName} replied to your comment",
                $"Hello {t.Name},\n\n{t.ReplierName} replied to your comment on \"{t.Title}\":\n\n{link}\n\nYou get this e-mail because you asked to be told about replies.\n", ct);
        }
        catch (System.Data.Common.DbException e)
        {
            // The comment is approved already; a notification that could not be queued is only logged.
            logger.LogWarning(e, "Reply notification for comment {Id} could not be queued", replyId);
        }
    }
}
