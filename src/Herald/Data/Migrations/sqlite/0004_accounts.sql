-- Staff (kind 'staff', with a role) and readers (kind 'reader') in one table: one
-- account per e-mail address. Passwords are ASP.NET Core Identity hashes (PBKDF2).
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    normalized_email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    kind TEXT NOT NULL,
    role TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    email_confirmed INTEGER NOT NULL DEFAULT 0,
    access_failed_count INTEGER NOT NULL DEFAULT 0,
    lockout_end BIGINT,
    security_stamp TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_by_kind ON users (kind, role);
