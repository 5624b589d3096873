-- Full-text index of published articles. The text is already stemmed by Herald
-- (Search/SearchText.cs), so the 'simple' configuration only lowercases and splits.
-- Weights: A title and tags, B topline and lead, C quote speakers, D body.
CREATE TABLE article_search (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id),
    document TSVECTOR NOT NULL
);
CREATE INDEX article_search_document ON article_search USING GIN (document);

-- The plain body text, for highlighted snippets in results.
CREATE TABLE article_search_text (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id),
    language TEXT NOT NULL,
    body TEXT NOT NULL
);
