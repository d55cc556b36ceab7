-- NOTIFY serializes the commits of every transaction that sends one (they queue for one
-- cluster-wide lock held across the commit's WAL flush), which capped the shop's write rate at
-- a fraction of the server's. The relay is now woken in process once a transaction that wrote
-- events commits (Outbox.append), and still polls.
DROP TRIGGER outbox_notify ON outbox;
DROP FUNCTION outbox_notify();
