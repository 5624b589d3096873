-- ASP.NET Core data-protection keys (they sign cookies, anti-forgery and form tokens),
-- kept in the database so every node of a cluster accepts what another node issued.
CREATE TABLE data_protection_keys (
    name TEXT PRIMARY KEY,
    xml TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Nodes forward comments approved elsewhere to their live readers, found by approval time.
CREATE INDEX comments_by_moderation ON comments (state, moderated_at);
