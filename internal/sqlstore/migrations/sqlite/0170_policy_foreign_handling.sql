-- Issue 6: a policy says whether it tells users that their information is
-- kept in, or reached from, a country other than Japan, and names the
-- countries. The fact is NULL when unknown; the list is JSON text, NULL
-- when empty.
ALTER TABLE policies ADD COLUMN states_foreign_handling BOOLEAN;
ALTER TABLE policies ADD COLUMN foreign_countries TEXT;
