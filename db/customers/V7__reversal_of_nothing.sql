-- A refund's reversal is recorded even when the balance holds less than the refund makes due
-- (points redeemed meanwhile), zero included: the lifetime points and the tier fall by all of it,
-- and the entry's reason says what was due.
DO $$
DECLARE points_check text;
BEGIN
  SELECT conname INTO points_check FROM pg_constraint
   WHERE conrelid = 'loyalty_ledger'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%points <> 0%';
  EXECUTE format('ALTER TABLE loyalty_ledger DROP CONSTRAINT %I', points_check);
END $$;

ALTER TABLE loyalty_ledger ADD CONSTRAINT loyalty_ledger_points
  CHECK ((kind = 'earned') = (points > 0) AND (points <> 0 OR kind = 'reversed'));
