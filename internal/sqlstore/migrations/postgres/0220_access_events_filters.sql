-- A list of access events filtered on a data set, a person, a purpose or
-- a subscriber (the questions of an access review and of a complaint:
-- who read this data set, what did this person read, whose data was read)
-- scanned the log in ID order until it had a page of matches: on 10 M
-- events, seconds for matches far from the end of the ID order. With
-- these indexes the store reads the matches directly, in ID order (the
-- ID ends each key), and stops after one page (docs/performance.md gives
-- the list times and what the indexes cost the bulk import).

CREATE INDEX access_events_person ON access_events (carrier_id, person, id);
CREATE INDEX access_events_dataset ON access_events (carrier_id, dataset, id);
CREATE INDEX access_events_purpose ON access_events (carrier_id, purpose, id);
CREATE INDEX access_events_subscriber ON access_events (carrier_id, subscriber, id);

ANALYZE access_events;
