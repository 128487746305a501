-- The record of every change of a carrier's records (himitsu.ChangeEntry),
-- written inside the change's own transaction. No foreign key to
-- carriers: the record of who replaced or deleted a carrier's records must
-- outlive the carrier. counts is the import summary of a replace, NULL for
-- a delete.

CREATE TABLE change_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier_id TEXT COLLATE "C" NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    purpose TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL,
    counts JSONB
);

CREATE INDEX change_log_carrier ON change_log (carrier_id, id);
