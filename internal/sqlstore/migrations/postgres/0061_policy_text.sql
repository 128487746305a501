-- Issue 10: the text of a policy as published, which the 5(1) rules read
-- and quote beside the carrier's own flags.

ALTER TABLE policies ADD COLUMN text TEXT NOT NULL DEFAULT '';
