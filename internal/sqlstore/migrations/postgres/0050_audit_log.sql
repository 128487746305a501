-- The tamper-evident audit log (internal/auditlog). audit_entries holds
-- each leaf's exact bytes (canonical JSON, which carries its own index);
-- kind and carrier_id repeat two of its fields so that a carrier's reads
-- and changes are found by index, and the verifier checks that they
-- agree with the data. hashes holds the Merkle tree's stored hashes that
-- this leaf completes, concatenated, in golang.org/x/mod/sumdb/tlog's
-- layout: its leaf hash, then one per perfect subtree it closes (fewer
-- than two per leaf in all), so that one row is written per entry.
-- audit_checkpoints holds the signed checkpoints (C2SP signed notes),
-- audit_keys every public key that ever signed one, with the tree sizes
-- it was valid for, and audit_meta the log's origin line. No foreign
-- keys: the log outlives every carrier. Times are text (RFC 3339,
-- UTC) as on SQLite: they are copies of what the signed data says.

CREATE TABLE audit_entries (
    idx BIGINT PRIMARY KEY,
    kind TEXT COLLATE "C" NOT NULL,
    carrier_id TEXT COLLATE "C" NOT NULL,
    data TEXT NOT NULL,
    hashes BYTEA NOT NULL
);

CREATE INDEX audit_entries_carrier ON audit_entries (carrier_id, kind, idx);

CREATE TABLE audit_checkpoints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tree_size BIGINT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE audit_keys (
    vkey TEXT PRIMARY KEY,
    since_size BIGINT NOT NULL,
    since TEXT NOT NULL,
    until_size BIGINT,
    until TEXT
);

CREATE TABLE audit_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
