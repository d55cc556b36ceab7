-- A customer's addresses. At most one default shipping and one default billing address each:
-- the partial unique indexes hold it whatever the code does.
CREATE TABLE addresses (
  id               uuid        PRIMARY KEY,
  customer_id      uuid        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  name             text        NOT NULL,
  line1            text        NOT NULL,
  line2            text,
  city             text        NOT NULL,
  region           text,
  postal_code      text,
  country          text        NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  phone            text,
  default_shipping boolean     NOT NULL DEFAULT false,
  default_billing  boolean     NOT NULL DEFAULT false,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX addresses_of_customer ON addresses (customer_id, created_at, id);
CREATE UNIQUE INDEX addresses_one_default_shipping ON addresses (customer_id) WHERE default_shipping;
CREATE UNIQUE INDEX addresses_one_default_billing ON addresses (customer_id) WHERE default_billing;
