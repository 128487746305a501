-- Secrets that every instance on one database must share and that no
-- person chooses: created once, by whichever instance first needs one
-- (INSERT … ON CONFLICT DO NOTHING, then read back, so two instances
-- starting together agree). The first is the key of the public complaint
-- form's CSRF tokens, so that a form served by one instance behind a load
-- balancer is accepted by another. "secret" is hex; "created_at" as the
-- other tables of this engine.

CREATE TABLE shared_secrets (
    name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
