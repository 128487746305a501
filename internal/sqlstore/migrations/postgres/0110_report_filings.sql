-- Issue 9: a report filed with its document is frozen; later filings of
-- the same report are new versions. The hash is also in the change log.

ALTER TABLE regulator_reports ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE regulator_reports ADD COLUMN document TEXT NOT NULL DEFAULT '';
ALTER TABLE regulator_reports ADD COLUMN document_sha256 TEXT NOT NULL DEFAULT '';
