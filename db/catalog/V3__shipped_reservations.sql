-- A reservation is consumed by the shipments of its order: shipped counts the units of it that
-- left as a sale. What a cancellation releases is quantity - shipped, never a shipped unit; a
-- reservation shipped in full is 'sold'.
ALTER TABLE reservations ADD COLUMN shipped integer NOT NULL DEFAULT 0;
ALTER TABLE reservations ADD CONSTRAINT reservations_shipped_within_quantity
  CHECK (shipped >= 0 AND shipped <= quantity);
ALTER TABLE reservations ADD CONSTRAINT reservations_sold_when_shipped_in_full
  CHECK ((status = 'sold') = (shipped = quantity));
