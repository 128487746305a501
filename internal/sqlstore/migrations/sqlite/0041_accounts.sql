-- Accounts of the web application and the API (himitsu.UserService):
-- users with argon2id password hashes, their carrier grants, server-side
-- sessions (so that several instances share them) and API tokens. Only
-- SHA-256 hashes of session cookies and token secrets are stored. Times
-- are TEXT RFC 3339 UTC with six fractional digits, as in 0001.

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    lang TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE user_carriers (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, carrier_id)
) WITHOUT ROWID;

CREATE TABLE sessions (
    hash TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    scope TEXT NOT NULL,
    carrier_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
