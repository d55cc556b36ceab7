-- The first answer to a creating POST per (caller, operation, key): a retry gets it again,
-- the same key with another request is refused.
CREATE TABLE idempotency_keys (
  caller_id    uuid        NOT NULL,
  operation    text        NOT NULL,
  key          text        NOT NULL,
  request_hash text        NOT NULL,
  status       integer     NOT NULL,
  response     jsonb       NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (caller_id, operation, key)
);
