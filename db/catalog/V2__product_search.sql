-- Search by title or sku substring (GET /products?q=) through trigram indexes instead of a scan
-- of every row: a GIN index of trigrams answers ILIKE '%text%' for text of three characters or
-- more. pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13,
-- so the role that created the domain's database (its owner) may create it without superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX products_title_trigrams ON products USING gin (title gin_trgm_ops);
CREATE INDEX products_sku_trigrams ON products USING gin (sku gin_trgm_ops);
