-- The staff account that created an article on the desk (contributors may edit only their own).
ALTER TABLE articles ADD COLUMN created_by_user_id BIGINT;
CREATE INDEX articles_by_creator ON articles (created_by_user_id);

-- Editorial and administrative actions, who did them and when. Rows are never changed.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id BIGINT,
    user_name TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);

-- Uploaded media. Files live under <DataDir>/media/<folder>/ and are served at /media/<folder>/...;
-- an image is stored as <width>.<ext> at its own width and at each smaller standard width (MediaVariants).
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes BIGINT NOT NULL,
    width INTEGER,
    height INTEGER,
    poster_file TEXT,
    captions_file TEXT,
    captions_language TEXT,
    original_name TEXT NOT NULL,
    alt TEXT,
    caption TEXT,
    credit TEXT,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE INDEX media_by_time ON media (created_at DESC, id DESC);

-- Bearer tokens for the admin API. Only a SHA-256 of the token is kept; the token itself is shown once.
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at BIGINT
);
