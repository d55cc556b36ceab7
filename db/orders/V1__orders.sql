-- The orders domain's own price list, kept from catalog's product events, so that an order
-- is priced (and an unknown sku refused) without asking catalog.
CREATE TABLE price_list (
  sku          text PRIMARY KEY,
  product_id   uuid        NOT NULL UNIQUE,
  title        text        NOT NULL,
  price_amount bigint      NOT NULL CHECK (price_amount >= 0),
  currency     text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status       text        NOT NULL,
  -- time of the product event this row reflects: an older event never overwrites a newer one
  as_of        timestamptz NOT NULL
);

CREATE TABLE orders (
  id               uuid PRIMARY KEY,
  customer_id      uuid        NOT NULL,
  status           text        NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected', 'cancelled')),
  total_amount     bigint      NOT NULL CHECK (total_amount >= 0),
  currency         text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rejection_reason text,
  created_by       uuid        NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_by_time ON orders (created_at, id);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at, id);

CREATE TABLE order_lines (
  order_id   uuid    NOT NULL REFERENCES orders (id),
  line_no    integer NOT NULL,
  sku        text    NOT NULL,
  product_id uuid    NOT NULL,
  title      text    NOT NULL,
  quantity   integer NOT NULL CHECK (quantity > 0),
  unit_price bigint  NOT NULL CHECK (unit_price >= 0),
  line_total bigint  NOT NULL CHECK (line_total = unit_price * quantity),
  PRIMARY KEY (order_id, line_no)
);

-- Every transition of an order, with its cause: the order's story, never overwritten.
CREATE TABLE order_status_history (
  order_id    uuid        NOT NULL REFERENCES orders (id),
  seq         integer     NOT NULL,
  from_status text,
  to_status   text        NOT NULL,
  cause       text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, seq)
);

