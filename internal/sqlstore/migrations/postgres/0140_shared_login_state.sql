-- Login state that every instance on one database shares (issue 7): the
-- login attempt buckets per client address, the one-time setup links for
-- the first admin (SHA-256 of the secret only), and the idle end of a
-- session, which moves on with each use up to the session's absolute end.

CREATE TABLE login_attempts (
    "key" TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE setup_links (
    hash TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE sessions ADD COLUMN idle_until TIMESTAMPTZ;
