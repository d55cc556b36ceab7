-- Admission control counts the orders still pending every half second: a partial index keeps
-- that count as small as the backlog, however many orders the table holds.
CREATE INDEX orders_pending ON orders (created_at) WHERE status = 'pending';
