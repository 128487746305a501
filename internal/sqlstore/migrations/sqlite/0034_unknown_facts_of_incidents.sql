-- The two yes/no facts of incidents that migration 0020 added may be
-- unknown too (himitsu.Fact; see 0030): their columns become nullable,
-- stored false stays false. The column is replaced as in 0030.
ALTER TABLE incidents ADD COLUMN strongly_encrypted_fact BOOLEAN;
ALTER TABLE incidents ADD COLUMN critical_facility_fact BOOLEAN;
UPDATE incidents SET strongly_encrypted_fact = strongly_encrypted, critical_facility_fact = critical_facility;
ALTER TABLE incidents DROP COLUMN strongly_encrypted;
ALTER TABLE incidents RENAME COLUMN strongly_encrypted_fact TO strongly_encrypted;
ALTER TABLE incidents DROP COLUMN critical_facility;
ALTER TABLE incidents RENAME COLUMN critical_facility_fact TO critical_facility;
