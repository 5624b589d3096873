-- Phrases answered from an index (Search/WordPairs.cs): each article's neighbouring stems,
-- as 32-bit hashes. NULL means "not paired yet": rows written before this migration are
-- paired in the background at start-up (SearchIndex.PairUnpairedAsync), and a search lets
-- them through to the position check meanwhile, found through the partial index below.
ALTER TABLE article_search ADD COLUMN pairs INTEGER[];
CREATE INDEX article_search_pairs ON article_search USING GIN (pairs);
CREATE INDEX article_search_unpaired ON article_search (article_id) WHERE pairs IS NULL;
