-- A refund heard before the payment it refunds: on Kafka the two come on different topics, so
-- either may arrive first. It waits here (the largest refunded total heard) until the payment
-- comes, and is applied then, in the payment's transaction.
CREATE TABLE early_refunds (
  order_id       uuid        PRIMARY KEY,
  refund_id      uuid        NOT NULL,
  refunded_total bigint      NOT NULL CHECK (refunded_total >= 0),
  heard_at       timestamptz NOT NULL DEFAULT now()
);
