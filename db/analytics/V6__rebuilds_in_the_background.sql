-- A rebuild replays the whole event log, minutes at a million orders, longer than any client waits
-- for an answer: it now runs in the background and this row tells how it went. One runs at a time
-- (the index, besides the advisory lock the running one holds).
CREATE TABLE rebuilds (
  id          uuid PRIMARY KEY,
  state       text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
  events      bigint,
  error       text,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  CHECK ((state = 'running') = (finished_at IS NULL)),
  CHECK ((state = 'done') = (events IS NOT NULL))
);
CREATE UNIQUE INDEX rebuilds_one_running ON rebuilds ((true)) WHERE state = 'running';
