-- The users an order may be for, kept from auth's user.registered events (as the price list is
-- kept from catalog's product events), so staff cannot order for a customer that does not exist.
-- A customer ordering for itself is added by its own order: its valid token proves it exists,
-- even when its registration event has not reached this domain yet.
CREATE TABLE customers (
  id          uuid PRIMARY KEY,
  known_since timestamptz NOT NULL DEFAULT now()
);

-- whoever has an order exists already
INSERT INTO customers (id) SELECT DISTINCT customer_id FROM orders;
