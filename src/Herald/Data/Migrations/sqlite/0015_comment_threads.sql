-- A discussion's page of threads: the article's comments without a parent, editor's picks
-- first, newest first. The article's index alone also walked every reply and sorted the
-- threads on each render; this one finds the threads and, for the default order, reads
-- them already sorted (backwards), so the page stops after its last thread.
CREATE INDEX comments_threads ON comments (article_id, parent_id, featured, created_at, id);
