-- The record log: one row per change made through the per-record services
-- (himitsu.RecordService), naming the register, the record and the
-- versions before and after, written in the change's own transaction next
-- to its change_log entry. change_log says who changed a carrier's records
-- and why; this table says which record, so that "who changed this
-- complaint?" is one indexed query. No foreign key to carriers, like
-- change_log: the record of a change outlives what it changed.

CREATE TABLE record_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    carrier_id TEXT COLLATE "C" NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    purpose TEXT NOT NULL,
    tool TEXT NOT NULL,
    action TEXT NOT NULL,
    register TEXT COLLATE "C" NOT NULL,
    record_id TEXT COLLATE "C" NOT NULL,
    version_before TEXT NOT NULL,
    version_after TEXT NOT NULL
);

CREATE INDEX record_log_record ON record_log (carrier_id, register, record_id, id);
CREATE INDEX record_log_carrier ON record_log (carrier_id, id);
