-- Every grant and withdrawal of consent to be contacted, as consent law asks: kept, never
-- changed, with when, how (source) and by whom. The current preferences are derived from it.
CREATE TABLE consent_changes (
  id              uuid        PRIMARY KEY,
  customer_id     uuid        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  channel         text        NOT NULL CHECK (channel IN ('email', 'sms', 'push')),
  purpose         text        NOT NULL CHECK (purpose IN ('marketing', 'order_updates')),
  granted         boolean     NOT NULL,
  source          text        NOT NULL,
  changed_by      uuid        NOT NULL,
  changed_by_role text        NOT NULL,
  -- the time of the insert itself, after the profile lock: later changes have later times
  at              timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX consent_changes_of_customer ON consent_changes (customer_id, at, id);
