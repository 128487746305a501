-- The record of every change of a carrier's records (himitsu.ChangeEntry),
-- written inside the change's own transaction. No foreign key to
-- carriers: the record of who replaced or deleted a carrier's records must
-- outlive the carrier. AUTOINCREMENT so that an ID is never reused. "at"
-- is TEXT RFC 3339 in UTC with six fractional digits, as in 0001; counts
-- is the import summary of a replace as JSON text, NULL for a delete.

CREATE TABLE change_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    carrier_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    purpose TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL,
    counts TEXT
);

CREATE INDEX change_log_carrier ON change_log (carrier_id, id);
