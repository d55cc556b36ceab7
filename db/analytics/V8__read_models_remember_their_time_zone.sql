-- Days are days of analytics.time_zone, fixed as each event is applied: models built in one zone and
-- fed on in another mix the two, and a rebuild alone puts them in one. The zone the models are in is
-- remembered here, recorded by a node starting on an empty event log or by a rebuild in the
-- transaction that puts its rows in place; a node starting in another zone rebuilds them. A database
-- migrated with models already built has no row: their zone is not known, and its next start
-- rebuilds them (in the background) unless the event log is empty.
CREATE TABLE read_models (
  id        boolean PRIMARY KEY DEFAULT true CHECK (id),
  time_zone text NOT NULL
);
