-- The rest of an order's life: payment, shipments, refunds. The database keeps what it can of
-- the rules: one successful payment per order, never more shipped than ordered, never more
-- refunded than paid.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN ('pending', 'confirmed', 'rejected', 'cancelled',
  'paid', 'partially_shipped', 'shipped', 'delivered', 'partially_refunded', 'refunded'));
ALTER TABLE orders ADD COLUMN paid_amount bigint NOT NULL DEFAULT 0 CHECK (paid_amount >= 0);
ALTER TABLE orders ADD COLUMN refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0);
ALTER TABLE orders ADD CONSTRAINT orders_refund_within_payment CHECK (refunded_amount <= paid_amount);

ALTER TABLE order_lines ADD COLUMN shipped_quantity integer NOT NULL DEFAULT 0 CHECK (shipped_quantity >= 0);
ALTER TABLE order_lines ADD COLUMN returned_quantity integer NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_ship_within_order CHECK (shipped_quantity <= quantity);
-- units are refunded by line only once they shipped
ALTER TABLE order_lines ADD CONSTRAINT order_lines_return_within_shipped CHECK (returned_quantity <= shipped_quantity);

-- the unit cost catalog last told orders, for order.shipped and order.refunded; products announced
-- before costs were kept read 0 until their next product event
ALTER TABLE price_list ADD COLUMN unit_cost_amount bigint NOT NULL DEFAULT 0 CHECK (unit_cost_amount >= 0);

-- What a payment was made with is kept as a processor's receipt shows it: brand, last four digits
-- and expiry. The full card number and the CVC never reach this database.
CREATE TABLE payments (
  id                 uuid PRIMARY KEY,
  order_id           uuid        NOT NULL REFERENCES orders (id),
  provider           text        NOT NULL,
  provider_reference text,
  status             text        NOT NULL CHECK (status IN ('succeeded', 'failed')),
  failure_reason     text CHECK ((status = 'failed') = (failure_reason IS NOT NULL)),
  amount             bigint      NOT NULL CHECK (amount >= 0),
  currency           text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  card_brand         text        NOT NULL,
  card_last4         text        NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
  card_exp_month     integer     NOT NULL CHECK (card_exp_month BETWEEN 1 AND 12),
  card_exp_year      integer     NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_by_order ON payments (order_id, created_at, id);
-- no order is paid twice
CREATE UNIQUE INDEX payments_one_success ON payments (order_id) WHERE status = 'succeeded';

CREATE TABLE shipments (
  id              uuid PRIMARY KEY,
  order_id        uuid        NOT NULL REFERENCES orders (id),
  status          text        NOT NULL CHECK (status IN ('shipped', 'in_transit', 'delivered')),
  carrier         text        NOT NULL,
  tracking_number text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX shipments_by_order ON shipments (order_id, created_at, id);

CREATE TABLE shipment_lines (
  shipment_id uuid    NOT NULL REFERENCES shipments (id),
  line_no     integer NOT NULL,
  sku         text    NOT NULL,
  quantity    integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (shipment_id, line_no)
);

CREATE TABLE refunds (
  id         uuid PRIMARY KEY,
  order_id   uuid        NOT NULL REFERENCES orders (id),
  payment_id uuid        NOT NULL REFERENCES payments (id),
  amount     bigint      NOT NULL CHECK (amount >= 0),
  currency   text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  reason     text        NOT NULL,
  cause      text        NOT NULL CHECK (cause IN ('refund', 'cancellation')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_by_order ON refunds (order_id, created_at, id);

CREATE TABLE refund_lines (
  refund_id uuid    NOT NULL REFERENCES refunds (id),
  line_no   integer NOT NULL,
  sku       text    NOT NULL,
  quantity  integer NOT NULL CHECK (quantity > 0),
  restock   boolean NOT NULL,
  amount    bigint  NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (refund_id, line_no)
);
