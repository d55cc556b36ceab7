-- The analytics domain's read models, kept from other domains' events in the inbox transaction,
-- and the events themselves (event_log) so POST /analytics/rebuild can replay them. Every counter
-- is keyed by a day of the shop's time zone, so a query reads only the days it asks about.

CREATE TABLE event_log (
  position   bigserial   PRIMARY KEY,
  event_id   uuid        NOT NULL UNIQUE,
  type       text        NOT NULL,
  subject    text        NOT NULL,
  time       timestamptz NOT NULL,
  data       jsonb       NOT NULL
);

-- Paid orders (revenue is counted when the payment is processed), in the shop's currency.
CREATE TABLE daily_sales (
  day          date    PRIMARY KEY,
  revenue      bigint  NOT NULL DEFAULT 0,
  orders       integer NOT NULL DEFAULT 0,
  units        bigint  NOT NULL DEFAULT 0,
  refunds      bigint  NOT NULL DEFAULT 0,
  refund_count integer NOT NULL DEFAULT 0,
  new_customers integer NOT NULL DEFAULT 0
);

CREATE TABLE daily_product_sales (
  product_id uuid    NOT NULL,
  day        date    NOT NULL,
  revenue    bigint  NOT NULL DEFAULT 0,
  orders     integer NOT NULL DEFAULT 0,
  units      bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id, day)
);

CREATE INDEX daily_product_sales_day ON daily_product_sales (day);

-- One row per customer and day with a payment: distinct buyers of a period without reading
-- other periods. first_paid_day tells new from returning.
CREATE TABLE customer_days (
  customer_id uuid NOT NULL,
  day         date NOT NULL,
  PRIMARY KEY (day, customer_id)
);

CREATE TABLE buyers (
  customer_id    uuid PRIMARY KEY,
  first_paid_day date NOT NULL
);

-- Orders heard of, with their last known status.
CREATE TABLE orders (
  order_id    uuid        PRIMARY KEY,
  customer_id uuid,
  status      text        NOT NULL,
  placed_at   timestamptz,
  paid_at     timestamptz
);

-- Co-purchase: baskets (paid orders), how many contain each product, and each ordered pair.
CREATE TABLE basket_totals (
  id      boolean PRIMARY KEY DEFAULT true CHECK (id),
  baskets bigint  NOT NULL DEFAULT 0
);
INSERT INTO basket_totals (id) VALUES (true);

CREATE TABLE product_baskets (
  product_id uuid   PRIMARY KEY,
  baskets    bigint NOT NULL
);

CREATE INDEX product_baskets_most ON product_baskets (baskets DESC, product_id);

CREATE TABLE pair_baskets (
  product_id uuid   NOT NULL,
  other_id   uuid   NOT NULL,
  baskets    bigint NOT NULL,
  PRIMARY KEY (product_id, other_id)
);

CREATE TABLE customer_products (
  customer_id uuid    NOT NULL,
  product_id  uuid    NOT NULL,
  orders      integer NOT NULL,
  PRIMARY KEY (customer_id, product_id)
);

CREATE INDEX customer_products_product ON customer_products (product_id, customer_id);

-- Products and their stock as catalog announced them.
CREATE TABLE products (
  product_id    uuid    PRIMARY KEY,
  sku           text,
  title         text,
  available     integer,
  reorder_point integer
);
