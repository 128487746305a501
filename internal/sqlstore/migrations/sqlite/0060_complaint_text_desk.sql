-- Issue 10: what the person wrote (screened for leak clues by the
-- assessment), when the desk first answered, and the desk's rule version
-- and the function leak clues go to. New channel fields (languages) live
-- in the desk's channels JSON and need no column.

ALTER TABLE complaints ADD COLUMN text TEXT NOT NULL DEFAULT '';
ALTER TABLE complaints ADD COLUMN first_response_at TEXT;
ALTER TABLE desk ADD COLUMN complaint_rule_version TEXT NOT NULL DEFAULT '';
ALTER TABLE desk ADD COLUMN clue_recipient TEXT NOT NULL DEFAULT '';
