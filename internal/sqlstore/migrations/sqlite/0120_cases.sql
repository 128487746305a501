-- The regulator's case files (himitsu.CaseService): one row per case and
-- one per step. A case's links (incidents, reports, complaints, findings)
-- are IDs kept in links as JSON; nothing of the linked records is copied.
-- A step is kept whole in data as JSON; kind and on are copied out for
-- queries. Steps are append-only: the store never updates or deletes a
-- row of case_steps. No foreign key to carriers, like record_log: the
-- regulator's file outlives the carrier's records (DeleteCarrier keeps it).

CREATE TABLE cases (
    carrier_id TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    origin TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    summary TEXT NOT NULL,
    links TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);

CREATE TABLE case_steps (
    carrier_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    on_day TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (carrier_id, case_id, seq)
);
