-- The media library filtered by kind (images, videos, audio) lists newest first; without
-- this it walked every item newest first until it had a page of that kind, the whole
-- library for a kind the newsroom rarely uploads.
CREATE INDEX media_by_kind ON media (kind, created_at DESC, id DESC);
