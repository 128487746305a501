-- The two yes/no facts of incidents that migration 0020 added may be
-- unknown too (himitsu.Fact; see 0030): their columns become nullable,
-- stored false stays false.
ALTER TABLE incidents
    ALTER COLUMN strongly_encrypted DROP NOT NULL,
    ALTER COLUMN critical_facility DROP NOT NULL;
