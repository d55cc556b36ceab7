-- A new unit cost of stock on hand posts an entry of its own, from catalog's stock.revalued.
ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_source_check;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_source_check CHECK (source IN ('manual', 'reversal',
  'payment.processed', 'order.shipped', 'order.refunded', 'stock.adjusted', 'stock.revalued'));
