-- Every movement of stock is valued from catalog's events alone: sales and returns from its
-- stock.adjusted (sold, returned), a new unit cost of stock on hand from its stock.revalued, each at
-- the cost catalog read under the product's lock; order.shipped posts nothing any more. Entries
-- posted before keep their sources (order.shipped among them).
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_source_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_source_check CHECK (source IN ('manual', 'reversal',
  'payment.processed', 'order.shipped', 'order.refunded', 'stock.adjusted', 'stock.revalued'));

-- The costs catalog announced were kept to value restocked refund lines that carried none; returns
-- are valued from catalog's own events now, and nothing reads them.
DROP TABLE product_costs;
