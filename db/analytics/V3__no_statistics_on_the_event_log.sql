-- The event log is read by position only (a rebuild replays it in order): statistics on the
-- events' payloads, ids and subjects serve no query, and gathering them (the jsonb payload above
-- all) was most of what autovacuum's ANALYZE of this table cost, in bursts under load.
ALTER TABLE event_log ALTER COLUMN data SET STATISTICS 0, ALTER COLUMN event_id SET STATISTICS 0,
  ALTER COLUMN subject SET STATISTICS 0;
