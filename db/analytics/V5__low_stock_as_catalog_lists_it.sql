-- The dashboard's low_stock_products is catalog's GET /inventory/low-stock counted: products not
-- archived whose available stock is at or below their reorder point. Analytics knew the point only
-- from stock.low (a crossing downwards) and nothing of archiving, so it missed products created
-- low, kept products archived or whose point was lowered. Now product events say archived or not,
-- product.created the point the product was created with, stock.adjusted and
-- stock.reorder_settings_changed the point after them.
ALTER TABLE products ADD COLUMN archived boolean NOT NULL DEFAULT false;

-- Archived as the product's last product event in the log said (a rebuild replays the same).
UPDATE products p SET archived = true
FROM (SELECT DISTINCT ON (subject) subject, data ->> 'status' AS status FROM event_log
      WHERE type IN ('shopifygenie.product.created', 'shopifygenie.product.updated')
      ORDER BY subject, position DESC) AS last
WHERE p.product_id::text = last.subject AND last.status = 'archived';

-- A product heard of only from product events has had no stock change: nothing on hand, as
-- product.created now sets it.
UPDATE products SET available = 0 WHERE available IS NULL;

-- A reorder point no event told stays NULL, counted as 0 (the least, so a product with nothing
-- available counts whatever its point) until the product's next inventory event tells it.
