-- A consent, complaint or access event row can stand for many (count; 0
-- means one), and a default-on-with-notice consent records whether the
-- user was told in advance and can switch the use off at no cost (facts:
-- NULL is unknown). Existing rows stand for one record each.
ALTER TABLE consents
    ADD COLUMN count BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN advance_notice BOOLEAN,
    ADD COLUMN free_opt_out BOOLEAN;
ALTER TABLE complaints ADD COLUMN count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE access_events ADD COLUMN count BIGINT NOT NULL DEFAULT 0;
