-- Tag and author pages list an article by its status stamp, newest first. Each tag and
-- credit row carries a copy of its article's stamp (written with it when the article is
-- published, the only time the stamp changes), so such a page walks its own index and
-- stops after one page: filtering the site's newest articles by tag instead walked all of
-- them for a tag with a few old articles, and listed every article of a common one first.
ALTER TABLE article_tags ADD COLUMN updated_at BIGINT;
UPDATE article_tags t SET updated_at = a.updated_at FROM articles a WHERE a.id = t.article_id;
DROP INDEX article_tags_by_tag;
CREATE INDEX article_tags_by_tag_stamp ON article_tags (tag_id, updated_at DESC, article_id DESC);

ALTER TABLE article_authors ADD COLUMN updated_at BIGINT;
UPDATE article_authors c SET updated_at = a.updated_at FROM articles a WHERE a.id = c.article_id;
DROP INDEX article_authors_by_person;
CREATE INDEX article_authors_by_person_stamp ON article_authors (person_id, updated_at DESC, article_id DESC);
