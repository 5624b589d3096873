-- Start-up asks whether any published page was rendered by an older BlockRenderer;
-- these answer it from the few old revisions instead of reading every article.
CREATE INDEX article_revisions_by_renderer ON article_revisions (renderer_version);
CREATE INDEX articles_by_published_revision ON articles (published_revision_id);
