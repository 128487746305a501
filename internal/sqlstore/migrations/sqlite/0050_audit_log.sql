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
-- keys: the log outlives every carrier.

CREATE TABLE audit_entries (
    idx INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    carrier_id TEXT NOT NULL,
    data TEXT NOT NULL,
    hashes BLOB NOT NULL
);

CREATE INDEX audit_entries_carrier ON audit_entries (carrier_id, kind, idx);

CREATE TABLE audit_checkpoints (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tree_size INTEGER NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL
);

CREATE TABLE audit_keys (
    vkey TEXT PRIMARY KEY,
    since_size INTEGER NOT NULL,
    since TEXT NOT NULL,
    until_size INTEGER,
    until TEXT
);

CREATE TABLE audit_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
