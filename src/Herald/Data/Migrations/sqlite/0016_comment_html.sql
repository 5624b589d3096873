-- A comment's text as the HTML pages show it (CommentText), made when the comment is written
-- or edited, so a render of a discussion copies it instead of formatting every comment again.
-- html_version says which version of the formatting made it; HTML of another version is
-- not used, and comments written before this migration are rendered in the background.
ALTER TABLE comments ADD COLUMN body_html TEXT;
ALTER TABLE comments ADD COLUMN html_version INTEGER NOT NULL DEFAULT 0;
