-- The fingerprint of the pseudonym key each carrier's subscriber
-- identifiers were pseudonymised with (see sqlstore.ReplaceOptions): a
-- keyed digest, never the key. An import with another key is refused, so
-- that one person cannot end up under two pseudonyms. Forgotten with the
-- carrier. "at" is TEXT RFC 3339 in UTC, as in 0001.

CREATE TABLE pseudonym_keys (
    carrier_id TEXT NOT NULL PRIMARY KEY REFERENCES carriers (id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    at TEXT NOT NULL
);
