-- Reader discussion under articles, and what moderation needs around it.

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id),
    parent_id BIGINT REFERENCES comments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    featured INTEGER NOT NULL DEFAULT 0,
    recommendations INTEGER NOT NULL DEFAULT 0,
    reports INTEGER NOT NULL DEFAULT 0,
    notify_replies INTEGER NOT NULL DEFAULT 0,
    form_token TEXT NOT NULL,
    address_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    moderated_at BIGINT,
    UNIQUE (user_id, form_token)
);
CREATE INDEX comments_by_article ON comments (article_id, state, created_at);
CREATE INDEX comments_by_state ON comments (state, created_at);
CREATE INDEX comments_by_user ON comments (user_id, created_at);
CREATE INDEX comments_by_address ON comments (address_hash, created_at);
CREATE INDEX comments_by_parent ON comments (parent_id);

CREATE TABLE comment_recommendations (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

CREATE TABLE comment_reports (
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- Every moderation decision and every rule that acted, with its reason.
CREATE TABLE moderation_log (
    id INTEGER PRIMARY KEY,
    comment_id BIGINT,
    reader_id BIGINT,
    moderator_id BIGINT,
    action TEXT NOT NULL,
    reason TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX moderation_log_by_reader ON moderation_log (reader_id, created_at);
CREATE INDEX moderation_log_by_comment ON moderation_log (comment_id);

-- Bans (no end) and time-limited suspensions of readers.
CREATE TABLE reader_sanctions (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    until_at BIGINT,
    reason TEXT NOT NULL,
    moderator_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Discussion modes set by moderators: per section ('section', slug) and per article
-- ('article', id). They win over the article's own commentPolicy and the site default.
CREATE TABLE discussion_modes (
    scope TEXT NOT NULL,
    scope_key TEXT NOT NULL,
    mode TEXT NOT NULL,
    set_by BIGINT,
    set_at BIGINT NOT NULL,
    PRIMARY KEY (scope, scope_key)
);
