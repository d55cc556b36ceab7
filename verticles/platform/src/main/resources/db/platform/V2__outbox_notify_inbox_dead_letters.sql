-- Wake the relay as soon as a transaction that wrote events commits (NOTIFY is delivered
-- at commit); the relay also polls, so a lost notification only delays.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Events this domain has applied: the effect and this row commit together, so a
-- redelivered event finds its id here and changes nothing.
CREATE TABLE inbox (
  event_id    uuid PRIMARY KEY,
  type        text        NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
);

-- Events whose handler kept failing, parked with the last error until replayed.
CREATE TABLE dead_letters (
  id          uuid PRIMARY KEY,
  event_id    uuid        NOT NULL,
  type        text        NOT NULL,
  topic       text        NOT NULL,
  event       jsonb       NOT NULL,
  error       text        NOT NULL,
  attempts    integer     NOT NULL,
  failed_at   timestamptz NOT NULL DEFAULT now(),
  replayed_at timestamptz
);

CREATE INDEX dead_letters_waiting ON dead_letters (failed_at, id) WHERE replayed_at IS NULL;
