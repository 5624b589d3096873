-- Full-text index of published articles. The text is already stemmed by Herald
-- (Search/SearchText.cs), so the tokenizer only splits on the spaces between stems.
-- rowid is the article id.
CREATE VIRTUAL TABLE article_search USING fts5 (
    title, topline, lead, tags, speakers, body,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- The plain body text, for highlighted snippets in results.
CREATE TABLE article_search_text (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id),
    language TEXT NOT NULL,
    body TEXT NOT NULL
);
