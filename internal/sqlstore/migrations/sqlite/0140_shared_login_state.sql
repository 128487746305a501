-- Login state that every instance on one database shares (issue 7): the
-- login attempt buckets per client address, the one-time setup links for
-- the first admin (SHA-256 of the secret only), and the idle end of a
-- session, which moves on with each use up to the session's absolute end.
-- Times are TEXT RFC 3339 UTC with six fractional digits, as in 0001.

CREATE TABLE login_attempts (
    "key" TEXT NOT NULL PRIMARY KEY,
    tokens REAL NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE setup_links (
    hash TEXT NOT NULL PRIMARY KEY,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

ALTER TABLE sessions ADD COLUMN idle_until TEXT;
