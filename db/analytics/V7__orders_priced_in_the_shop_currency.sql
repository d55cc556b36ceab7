-- Revenue counts payments in the shop's currency only, but the dashboard divided it by every paid
-- order, so an order paid in another currency lowered the average order value. The average now
-- divides by the orders the revenue is of. Days counted before this knew no difference: they keep
-- every order as priced (as they were averaged); a rebuild recounts them from the event log.
ALTER TABLE daily_sales ADD COLUMN priced_orders integer NOT NULL DEFAULT 0;
UPDATE daily_sales SET priced_orders = orders;
