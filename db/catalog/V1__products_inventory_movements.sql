-- Products: prices and costs are integers of minor units in one ISO 4217 currency.
-- version is the ETag: every change bumps it, and PATCH must name the one it read.
CREATE TABLE products (
  id           uuid PRIMARY KEY,
  sku          text        NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
  title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description  text,
  currency     text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  price_amount bigint      NOT NULL CHECK (price_amount >= 0),
  cost_amount  bigint      NOT NULL CHECK (cost_amount >= 0),
  status       text        NOT NULL CHECK (status IN ('active', 'draft', 'archived')),
  version      integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX products_sku ON products (sku);
CREATE INDEX products_in_order ON products (created_at, id);

-- One row per product. The CHECKs are the no-oversell rule: whatever the code does, stock
-- is never negative and never more reserved than is on hand.
CREATE TABLE inventory (
  product_id       uuid PRIMARY KEY REFERENCES products (id),
  on_hand          integer     NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
  reserved         integer     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  reorder_point    integer     NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  reorder_quantity integer     NOT NULL DEFAULT 0 CHECK (reorder_quantity >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT inventory_reserved_within_on_hand CHECK (reserved <= on_hand)
);

-- The stock ledger: every change of on_hand or reserved is one row, so for each product
-- on_hand = sum(delta) and reserved = sum(reserved_delta). on_hand and reserved are the
-- figures after the movement.
CREATE TABLE stock_movements (
  id             uuid PRIMARY KEY,
  product_id     uuid        NOT NULL REFERENCES products (id),
  delta          integer     NOT NULL,
  reserved_delta integer     NOT NULL,
  reason         text        NOT NULL CHECK (reason IN
                   ('received', 'damaged', 'counted', 'correction', 'reserved', 'released', 'sold', 'returned')),
  note           text,
  order_id       uuid,
  on_hand        integer     NOT NULL CHECK (on_hand >= 0),
  reserved       integer     NOT NULL CHECK (reserved >= 0),
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stock_movements_in_order ON stock_movements (created_at, id);
CREATE INDEX stock_movements_by_product ON stock_movements (product_id, created_at, id);

-- Stock held for an order, per product; released when the order is cancelled.
CREATE TABLE reservations (
  order_id    uuid        NOT NULL,
  product_id  uuid        NOT NULL REFERENCES products (id),
  quantity    integer     NOT NULL CHECK (quantity > 0),
  status      text        NOT NULL CHECK (status IN ('active', 'released', 'sold')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, product_id)
);

CREATE INDEX reservations_active ON reservations (product_id) WHERE status = 'active';

-- Orders cancelled here: an order.created that arrives after its cancellation reserves nothing.
CREATE TABLE cancelled_orders (
  order_id     uuid PRIMARY KEY,
  cancelled_at timestamptz NOT NULL DEFAULT now()
);
