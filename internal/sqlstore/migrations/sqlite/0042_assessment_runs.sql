-- Assessment results kept for the dashboard (how the grades moved) and
-- for comparing runs (himitsu.RunService). result is the whole
-- himitsu.Assessment as JSON; overall is copied out so that the history
-- of grades reads without decoding it. The runs go with their carrier.

CREATE TABLE assessment_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    as_of TEXT NOT NULL,
    actor TEXT NOT NULL,
    overall TEXT NOT NULL,
    result TEXT NOT NULL
);

CREATE INDEX assessment_runs_carrier ON assessment_runs (carrier_id, id);
