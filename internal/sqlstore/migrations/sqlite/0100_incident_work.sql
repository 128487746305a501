-- Issue 9, the incident while it happens: how an incident was opened, the
-- data sets, elements, people and organisations it involves, its evidence
-- links (JSON text, NULL when empty), its root cause and closure; the
-- owner, status and verification of recurrence measures; the kind of a
-- notice and whether it tells users what to do; the append-only register
-- of classification entries; and, in the record log, the record's content
-- before and after a change for the registers whose edits must show as
-- such (incidents and what hangs on them), NULL elsewhere.

ALTER TABLE incidents ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN origin_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN datasets TEXT;
ALTER TABLE incidents ADD COLUMN data_elements TEXT;
ALTER TABLE incidents ADD COLUMN persons TEXT;
ALTER TABLE incidents ADD COLUMN organisations TEXT;
ALTER TABLE incidents ADD COLUMN evidence TEXT;
ALTER TABLE incidents ADD COLUMN root_cause TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN closed_at TEXT;
ALTER TABLE incidents ADD COLUMN closed_by TEXT NOT NULL DEFAULT '';

ALTER TABLE recurrence_measures ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE recurrence_measures ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE recurrence_measures ADD COLUMN verification TEXT NOT NULL DEFAULT '';
ALTER TABLE recurrence_measures ADD COLUMN verification_result TEXT NOT NULL DEFAULT '';
ALTER TABLE recurrence_measures ADD COLUMN removes_root_cause BOOLEAN;

ALTER TABLE notifications ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN explains_what_to_do BOOLEAN;

CREATE TABLE incident_classifications (
    carrier_id TEXT NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    incident TEXT NOT NULL,
    at TEXT NOT NULL,
    "by" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    proposed TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
) WITHOUT ROWID;

ALTER TABLE record_log ADD COLUMN record_before TEXT;
ALTER TABLE record_log ADD COLUMN record_after TEXT;
