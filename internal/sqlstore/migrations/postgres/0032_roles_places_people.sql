-- Organisations hold several roles, an owner and share, and a country;
-- data sets say where they are stored and operated from; shared accounts
-- list their users and grants can go to a group with its members. Lists
-- are JSONB, NULL when empty. "group" is a keyword and is quoted.
ALTER TABLE organisations
    ADD COLUMN roles JSONB,
    ADD COLUMN owner TEXT NOT NULL DEFAULT '',
    ADD COLUMN owner_share BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets
    ADD COLUMN stored_in JSONB,
    ADD COLUMN operated_from JSONB;
ALTER TABLE accounts ADD COLUMN users JSONB;
ALTER TABLE grants
    ADD COLUMN "group" TEXT NOT NULL DEFAULT '',
    ADD COLUMN members JSONB;
