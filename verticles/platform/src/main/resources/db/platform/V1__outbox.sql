-- Tables every domain database has; migrated with their own history table
-- (platform_schema_history) before the domain's own migrations.

-- The transactional outbox: rows are written in the transaction of the change they report.
CREATE TABLE outbox (
  position     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           uuid        NOT NULL UNIQUE,
  source       text        NOT NULL,
  type         text        NOT NULL,
  subject      text        NOT NULL,
  time         timestamptz NOT NULL,
  data         jsonb       NOT NULL,
  published_at timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL;
