-- Deadlines that match the law (issue 6 §1): whether a service is paid or
-- free (the Ordinance Art. 58 thresholds differ), an incident's knowledge
-- events and affected counts (JSON text, NULL when empty, as elements and
-- classes in 0001), the APPI strong-encryption exclusion, the Art. 58 row
-- for satellite and submarine-cable facilities, the link from a suspicion
-- to the incident it became, and on a regulator report the other laws the
-- same filing discharges and the day it counted from. Existing rows get
-- the values that mean "not recorded".

ALTER TABLE services ADD COLUMN charging TEXT NOT NULL DEFAULT '';

ALTER TABLE incidents ADD COLUMN knowledge TEXT;
ALTER TABLE incidents ADD COLUMN affected TEXT;
ALTER TABLE incidents ADD COLUMN strongly_encrypted BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE incidents ADD COLUMN critical_facility BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE incidents ADD COLUMN turned_out_to_be TEXT NOT NULL DEFAULT '';

ALTER TABLE regulator_reports ADD COLUMN also_under TEXT;
ALTER TABLE regulator_reports ADD COLUMN counted_from TEXT;
