-- Escalation to a named function: the function a complaint went to, and
-- the desk rule's functions that leak clues must go to.
ALTER TABLE complaints ADD COLUMN escalated_to TEXT NOT NULL DEFAULT '';
ALTER TABLE desk ADD COLUMN clue_functions TEXT;
