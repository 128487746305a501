-- The register of law-enforcement requests (warrants, voluntary inquiries)
-- and the carrier's answers.
CREATE TABLE law_enforcement_requests (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    authority TEXT NOT NULL,
    reference TEXT NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    datasets JSONB,
    purpose TEXT NOT NULL,
    answer TEXT NOT NULL,
    answered_at TIMESTAMPTZ,
    approved_by TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (carrier_id, id)
);
