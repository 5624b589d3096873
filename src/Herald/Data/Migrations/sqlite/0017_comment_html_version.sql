-- Start-up asks whether any comment's stored HTML is of an older formatting
-- (CommentWriter.RenderOutdatedAsync); this answers it from the few old ones instead of
-- reading every comment (a scan of all 34,641 comments of the benchmark site at each start).
CREATE INDEX comments_by_html_version ON comments (html_version);
