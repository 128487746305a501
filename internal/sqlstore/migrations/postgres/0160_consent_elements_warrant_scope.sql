-- A consent records the data elements it covers (JSON list; NULL: not
-- recorded), and a law-enforcement request the scope and validity of a
-- warrant that the decision point enforces: the subscribers (pseudonyms)
-- and elements it covers and when it is in force.
ALTER TABLE consents ADD COLUMN elements JSONB;
ALTER TABLE law_enforcement_requests
    ADD COLUMN subjects JSONB,
    ADD COLUMN elements JSONB,
    ADD COLUMN valid_from TIMESTAMPTZ,
    ADD COLUMN valid_until TIMESTAMPTZ;
