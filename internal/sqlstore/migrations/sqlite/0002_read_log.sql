-- The record of every read of a carrier's records (himitsu.ReadEntry).
-- No foreign key to carriers: the record of who read a carrier's records
-- must outlive the carrier. AUTOINCREMENT so that an ID is never reused,
-- even after the last entry is deleted. "at" is TEXT RFC 3339 in UTC with
-- six fractional digits, as in 0001.

CREATE TABLE read_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    carrier_id TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    purpose TEXT NOT NULL,
    tool TEXT NOT NULL,
    what TEXT NOT NULL,
    "rows" INTEGER NOT NULL
);

CREATE INDEX read_log_carrier ON read_log (carrier_id, id);
