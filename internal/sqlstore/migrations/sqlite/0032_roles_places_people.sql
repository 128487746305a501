-- Organisations hold several roles, an owner and share, and a country;
-- data sets say where they are stored and operated from; shared accounts
-- list their users and grants can go to a group with its members. Lists
-- are JSON text, NULL when empty. "group" is a keyword and is quoted.
ALTER TABLE organisations ADD COLUMN roles TEXT;
ALTER TABLE organisations ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN owner_share INTEGER NOT NULL DEFAULT 0;
ALTER TABLE organisations ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE datasets ADD COLUMN stored_in TEXT;
ALTER TABLE datasets ADD COLUMN operated_from TEXT;
ALTER TABLE accounts ADD COLUMN users TEXT;
ALTER TABLE grants ADD COLUMN "group" TEXT NOT NULL DEFAULT '';
ALTER TABLE grants ADD COLUMN members TEXT;
