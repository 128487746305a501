-- A list of access events bounded by a date (from, to) scanned the log in
-- ID order until it found a page of events in the window: over 3 s a
-- request on 10 M events for a window far from the end of the ID order.
-- With this index the store reads the window's events directly (see
-- docs/performance.md for the list time and its cost on bulk import).

CREATE INDEX access_events_at ON access_events (carrier_id, "at");

-- Statistics for the planner, which without them keeps the ID order.
ANALYZE access_events;
