-- Whether a service is a voice transmission service (音声伝送役務): the
-- Ordinance Art. 58 thresholds for a serious accident differ for voice,
-- and until now the engine could only guess it from the service's name.
-- NULL means the record does not say (himitsu.Fact), as for existing rows.

ALTER TABLE services ADD COLUMN voice BOOLEAN;
