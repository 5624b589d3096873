-- The moderators' reported queue and its count look only at comments that readers have
-- reported, a few at any time. Without an index of their own both walked every approved and
-- pending comment of the site (12 ms a look at 35,000 comments, and growing with each one);
-- this partial index holds only the reported ones.
CREATE INDEX comments_reported ON comments (reports DESC, created_at) WHERE reports > 0;
