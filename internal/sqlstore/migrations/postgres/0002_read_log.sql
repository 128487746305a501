-- The record of every read of a carrier's records (himitsu.ReadEntry).
-- No foreign key to carriers: the record of who read a carrier's records
-- must outlive the carrier.

CREATE TABLE read_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier_id TEXT COLLATE "C" NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    purpose TEXT NOT NULL,
    tool TEXT NOT NULL,
    what TEXT NOT NULL,
    "rows" BIGINT NOT NULL
);

CREATE INDEX read_log_carrier ON read_log (carrier_id, id);
