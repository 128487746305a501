-- Deadline reminders sent (internal/remind): one row per carrier, board
-- item, threshold (before, due, late) and channel (log, email, webhook),
-- so that a reminder goes out once across restarts and instances. An
-- instance claims a row until claimed_until before sending; a failed
-- send gives the claim back with next_attempt set, so another tick (of
-- any instance) retries it. Times are Unix microseconds in both engines,
-- so that the claim compares them the same way. The rows go with their
-- carrier; an import keeps them (it does not delete the carrier).

CREATE TABLE reminders (
    carrier_id TEXT COLLATE "C" NOT NULL REFERENCES carriers (id) ON DELETE CASCADE,
    item_key TEXT COLLATE "C" NOT NULL,
    threshold TEXT NOT NULL,
    channel TEXT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT,
    next_attempt BIGINT NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    sent_at BIGINT,
    PRIMARY KEY (carrier_id, item_key, threshold, channel)
);
