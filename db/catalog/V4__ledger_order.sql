-- The stock ledger in the order its movements were applied.
--
-- seq: a product's movements numbered 1, 2, 3, ... in the order of its inventory row's lock. The
-- statement that changes the row numbers the movement (inventory.last_seq + 1), and the lock is
-- held until commit, so a product's movements commit in seq order, exactly, with no clock involved.
-- A rolled back movement gives its number back with the row's update.
--
-- xid_mark: the order of the whole ledger, across products. It is the greatest id of the
-- transactions (pg_current_xact_id) that moved the product up to and including this movement, so
-- it never decreases along a product's seq and is never below the id of the transaction that wrote
-- the row. The ledger is listed by (xid_mark, product_id, seq), and only the rows whose xid_mark is
-- below the oldest transaction still running (pg_snapshot_xmin): every transaction that will ever
-- write a row is still running or yet to start, so its id, and thus its rows' xid_mark, is at or
-- above that horizon. Rows are only ever added after what a follower has read, never before it.
ALTER TABLE inventory ADD COLUMN last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0);
ALTER TABLE inventory ADD COLUMN xid_mark bigint NOT NULL DEFAULT 0;

ALTER TABLE stock_movements ADD COLUMN seq bigint;
ALTER TABLE stock_movements ADD COLUMN xid_mark bigint;

-- The rows written before this had only created_at, the time their transaction began, which
-- concurrent movements of a product may not commit in. Their figures tell the order they were
-- applied in: each row's on_hand - delta and reserved - reserved_delta are the figures after the
-- row before it. Per product, walk from (0, 0), taking at each step the earliest row by
-- (created_at, id) among the next ones that starts from the figures reached; where none does (a
-- row changed by hand), the earliest row left, so every row is numbered. The look-ahead is bounded:
-- concurrency displaces a row by a few places, and a long product history stays linear.
DO $$
DECLARE
  product uuid;
  ids uuid[];
  from_on_hand int[];
  from_reserved int[];
  to_on_hand int[];
  to_reserved int[];
  seqs bigint[];
  taken boolean[];
  n int;
  first int;
  i int;
  pick int;
  on_hand int;
  reserved int;
BEGIN
  FOR product IN SELECT DISTINCT product_id FROM stock_movements LOOP
    SELECT array_agg(m.id ORDER BY m.created_at, m.id), array_agg(m.on_hand - m.delta ORDER BY m.created_at, m.id),
           array_agg(m.reserved - m.reserved_delta ORDER BY m.created_at, m.id),
           array_agg(m.on_hand ORDER BY m.created_at, m.id), array_agg(m.reserved ORDER BY m.created_at, m.id)
      INTO ids, from_on_hand, from_reserved, to_on_hand, to_reserved
      FROM stock_movements m WHERE m.product_id = product;
    n := array_length(ids, 1);
    taken := array_fill(false, ARRAY[n]);
    seqs := array_fill(0::bigint, ARRAY[n]);
    first := 1;
    on_hand := 0;
    reserved := 0;
    FOR s IN 1..n LOOP
      WHILE taken[first] LOOP
        first := first + 1;
      END LOOP;
      pick := first;
      i := first;
      WHILE i <= n AND i < first + 256 LOOP
        IF NOT taken[i] AND from_on_hand[i] = on_hand AND from_reserved[i] = reserved THEN
          pick := i;
          EXIT;
        END IF;
        i := i + 1;
      END LOOP;
      taken[pick] := true;
      seqs[pick] := s;
      on_hand := to_on_hand[pick];
      reserved := to_reserved[pick];
    END LOOP;
    UPDATE stock_movements m SET seq = u.seq FROM unnest(ids, seqs) AS u(id, seq) WHERE m.id = u.id;
    UPDATE inventory SET last_seq = n WHERE product_id = product;
  END LOOP;
END $$;

-- The rows written before this come before every new one, in the order their transactions began
-- (raised where a product's seq needs it): negative marks, below any transaction id.
UPDATE stock_movements m SET xid_mark = r.mark
  FROM (SELECT id, max(began) OVER (PARTITION BY product_id ORDER BY seq) - (SELECT count(DISTINCT created_at) + 1
          FROM stock_movements) AS mark
        FROM (SELECT id, product_id, seq, dense_rank() OVER (ORDER BY created_at) AS began FROM stock_movements) ranked) r
  WHERE m.id = r.id;

ALTER TABLE stock_movements ALTER COLUMN seq SET NOT NULL;
ALTER TABLE stock_movements ALTER COLUMN xid_mark SET NOT NULL;
ALTER TABLE stock_movements ADD CONSTRAINT stock_movements_seq_from_one CHECK (seq >= 1);

-- a product's ledger by seq; unique: two movements never take one place
DROP INDEX stock_movements_by_product;
CREATE UNIQUE INDEX stock_movements_by_product ON stock_movements (product_id, seq);
-- the whole ledger in its order; (created_at, id) stays for the from/to windows
CREATE INDEX stock_movements_in_ledger_order ON stock_movements (xid_mark, product_id, seq);
