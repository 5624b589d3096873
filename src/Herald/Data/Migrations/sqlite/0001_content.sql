-- Times are UTC milliseconds since the Unix epoch in BIGINT columns, in both dialects.
-- Flags are INTEGER 0/1 so the same statements and parameters work on both.

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

-- The article row holds identity, workflow state and the public projection of the
-- published revision (title, topline, lead) so lists need no revision join.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    language TEXT NOT NULL,
    translation_group TEXT,
    section_id INTEGER NOT NULL REFERENCES sections (id),
    state TEXT NOT NULL,
    breaking INTEGER NOT NULL DEFAULT 0,
    topline TEXT,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    teaser_image_url TEXT,
    teaser_image_alt TEXT,
    first_published_at BIGINT,
    updated_at BIGINT,
    scheduled_at BIGINT,
    current_revision_id BIGINT,
    published_revision_id BIGINT,
    comment_mode TEXT NOT NULL DEFAULT 'premoderated',
    comments_close_after_hours INTEGER,
    created_at BIGINT NOT NULL,
    modified_at BIGINT NOT NULL
);

CREATE INDEX articles_by_state_stamp ON articles (state, updated_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, state, updated_at DESC, id DESC);
CREATE INDEX articles_by_schedule ON articles (state, scheduled_at);
CREATE INDEX articles_by_translation ON articles (translation_group);

-- Immutable: a row is inserted per save and never updated, except body_html, a
-- cache of rendering document with renderer_version that a newer renderer may replace.
CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id),
    number INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    note TEXT,
    minor INTEGER NOT NULL DEFAULT 0,
    document TEXT NOT NULL,
    body_html TEXT NOT NULL,
    renderer_version INTEGER NOT NULL,
    UNIQUE (article_id, number)
);

CREATE TABLE article_tags (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    tag_id BIGINT NOT NULL REFERENCES tags (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);

CREATE TABLE article_authors (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    position INTEGER NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    location TEXT,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX article_authors_by_person ON article_authors (person_id, article_id);

-- Slugs named by "related" blocks, so publishing an article can re-render those that link to it.
CREATE TABLE article_links (
    article_id BIGINT NOT NULL REFERENCES articles (id),
    slug TEXT NOT NULL,
    PRIMARY KEY (article_id, slug)
);
CREATE INDEX article_links_by_slug ON article_links (slug);

CREATE TABLE slug_redirects (
    slug TEXT PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id)
);

-- Every change that makes cached pages stale, with the cache tags it touches. Each node
-- evicts locally at once and polls this table, so another process's writes reach it too.
CREATE TABLE content_changes (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    tags TEXT NOT NULL
);
