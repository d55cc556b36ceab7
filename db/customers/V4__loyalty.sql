-- Paid orders as this domain heard of them (payment.processed, order.refunded): the points each
-- earned and how many of those are due back after refunds, and what RFM scores and the orders
-- summary are computed from. One row per order: a payment announced twice earns once.
CREATE TABLE paid_orders (
  order_id        uuid        PRIMARY KEY,
  customer_id     uuid        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  currency        text        NOT NULL,
  paid_amount     bigint      NOT NULL CHECK (paid_amount >= 0),
  refunded_amount bigint      NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  paid_at         timestamptz NOT NULL,
  points_earned   bigint      NOT NULL CHECK (points_earned >= 0),
  points_due_back bigint      NOT NULL DEFAULT 0 CHECK (points_due_back BETWEEN 0 AND points_earned)
);

CREATE INDEX paid_orders_of_customer ON paid_orders (customer_id);

-- A customer's points: the balance never goes below zero, whatever runs at once.
CREATE TABLE loyalty_accounts (
  customer_id     uuid        PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
  balance         bigint      NOT NULL DEFAULT 0 CHECK (balance >= 0),
  lifetime_points bigint      NOT NULL DEFAULT 0 CHECK (lifetime_points >= 0),
  tier            text        NOT NULL DEFAULT 'bronze' CHECK (tier IN ('bronze', 'silver', 'gold')),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX loyalty_accounts_tier ON loyalty_accounts (tier);

-- Every change of a balance, signed: its points sum to the balance.
CREATE TABLE loyalty_ledger (
  id            uuid        PRIMARY KEY,
  customer_id   uuid        NOT NULL REFERENCES loyalty_accounts (customer_id) ON DELETE CASCADE,
  kind          text        NOT NULL CHECK (kind IN ('earned', 'reversed', 'redeemed')),
  points        bigint      NOT NULL CHECK ((kind = 'earned') = (points > 0) AND points <> 0),
  balance_after bigint      NOT NULL CHECK (balance_after >= 0),
  order_id      uuid,
  refund_id     uuid,
  reason        text,
  at            timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX loyalty_ledger_of_customer ON loyalty_ledger (customer_id, at, id);
