-- Each customer's RFM values (from paid_orders, net of refunds), the scores they get against the
-- last quintile boundaries, and the named segment the scores give. Kept current by payment and
-- refund events; the boundaries are recomputed periodically over all customers with orders.
CREATE TABLE customer_scores (
  customer_id     uuid        PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  last_order_at   timestamptz,
  orders          integer     NOT NULL CHECK (orders >= 0),
  monetary        bigint      NOT NULL CHECK (monetary >= 0),
  recency_score   smallint    CHECK (recency_score BETWEEN 1 AND 5),
  frequency_score smallint    CHECK (frequency_score BETWEEN 1 AND 5),
  monetary_score  smallint    CHECK (monetary_score BETWEEN 1 AND 5),
  segment         text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((orders = 0) = (last_order_at IS NULL))
);

CREATE INDEX customer_scores_segment ON customer_scores (segment);

-- The quintile boundaries (20th, 40th, 60th, 80th percentile) of each metric; one row. Recency
-- is the last order's time in microseconds since the epoch. NULL until first computed.
CREATE TABLE rfm_boundaries (
  id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
  recency     bigint[],
  frequency   bigint[],
  monetary    bigint[],
  customers   integer     NOT NULL DEFAULT 0,
  computed_at timestamptz
);

INSERT INTO rfm_boundaries (id) VALUES (true);
