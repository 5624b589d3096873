-- The desk lists articles by their last change, newest first, optionally of one state;
-- these let a page of that list read 26 rows instead of sorting every article (0.15 s a
-- view on the 100,000-article benchmark site).
CREATE INDEX articles_by_modification ON articles (modified_at DESC, id DESC);
CREATE INDEX articles_by_state_modification ON articles (state, modified_at DESC, id DESC);
