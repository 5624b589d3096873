-- The desk's list of one section, or of one author's articles ("mine"), newest change
-- first. With only the plain indexes on those columns a page of it sorted every article of
-- the section or the author (about 8,000 a section on the 100,000-article benchmark site).
-- The author's index also serves the reference from articles to users, so it replaces
-- the plain one of migration 0006.
CREATE INDEX articles_by_section_modification ON articles (section_id, modified_at DESC, id DESC);
CREATE INDEX articles_by_creator_modification ON articles (created_by_user_id, modified_at DESC, id DESC);
DROP INDEX articles_by_creator;
