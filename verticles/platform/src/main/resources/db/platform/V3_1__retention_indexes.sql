-- Retention deletes old rows in small batches; these let each batch find its rows without
-- reading the whole table. The outbox index holds published rows only, where the relay's
-- outbox_unpublished index holds the others.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX inbox_applied ON inbox (applied_at);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
