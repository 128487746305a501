-- Issue 9: the secondary damage of an incident (what occurred or may
-- occur, as the Art. 28 reports and the PPC's items ask), what the users
-- affected should do, and what each notice told them to do, as free text.
ALTER TABLE incidents ADD COLUMN secondary_damage TEXT NOT NULL DEFAULT '';
ALTER TABLE incidents ADD COLUMN user_advice TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN what_to_do TEXT NOT NULL DEFAULT '';
