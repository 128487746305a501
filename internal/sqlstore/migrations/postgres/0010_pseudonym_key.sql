-- The fingerprint of the pseudonym key each carrier's subscriber
-- identifiers were pseudonymised with (see sqlstore.ReplaceOptions): a
-- keyed digest, never the key. An import with another key is refused, so
-- that one person cannot end up under two pseudonyms. Forgotten with the
-- carrier.

CREATE TABLE pseudonym_keys (
    carrier_id TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES carriers (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
