-- The chart of accounts. normal_side is the side a balance grows on: debit for assets and
-- expenses, credit for liabilities, equity and revenue; a contra account (sales returns, a
-- revenue account that grows on the debit side) says so here.
CREATE TABLE accounts (
  id          uuid PRIMARY KEY,
  code        text        NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
  name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  type        text        NOT NULL CHECK (type IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
  normal_side text        NOT NULL CHECK (normal_side IN ('debit', 'credit')),
  currency    text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at  timestamptz NOT NULL DEFAULT now()
);

INSERT INTO accounts (id, code, name, type, normal_side, currency) VALUES
  ('00000000-0000-7000-8000-000000001000', '1000', 'Cash', 'asset', 'debit', 'USD'),
  ('00000000-0000-7000-8000-000000001100', '1100', 'Accounts receivable', 'asset', 'debit', 'USD'),
  ('00000000-0000-7000-8000-000000001200', '1200', 'Inventory', 'asset', 'debit', 'USD'),
  ('00000000-0000-7000-8000-000000002000', '2000', 'Accounts payable', 'liability', 'credit', 'USD'),
  ('00000000-0000-7000-8000-000000002100', '2100', 'Sales tax payable', 'liability', 'credit', 'USD'),
  ('00000000-0000-7000-8000-000000003000', '3000', 'Owner''s equity', 'equity', 'credit', 'USD'),
  ('00000000-0000-7000-8000-000000003100', '3100', 'Retained earnings', 'equity', 'credit', 'USD'),
  ('00000000-0000-7000-8000-000000004000', '4000', 'Sales revenue', 'revenue', 'credit', 'USD'),
  ('00000000-0000-7000-8000-000000004100', '4100', 'Sales returns and refunds', 'revenue', 'debit', 'USD'),
  ('00000000-0000-7000-8000-000000005000', '5000', 'Cost of goods sold', 'expense', 'debit', 'USD'),
  ('00000000-0000-7000-8000-000000005100', '5100', 'Inventory shrinkage', 'expense', 'debit', 'USD');

-- Closed periods (calendar months, 'yyyy-mm'). Nothing is posted into one once it is here.
CREATE TABLE closed_periods (
  period    text        PRIMARY KEY CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  closed_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid        NOT NULL
);

-- The journal. An entry posted from an event names it (event_id, unique: an event posts once);
-- a reversal names the entry it reverses (unique: an entry is reversed once). created_txid ties
-- the entry to the transaction that wrote it, so its lines can be written by that one alone.
CREATE TABLE journal_entries (
  id           uuid PRIMARY KEY,
  posted_on    date        NOT NULL,
  description  text        NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  source       text        NOT NULL CHECK (source IN ('manual', 'reversal', 'payment.processed', 'order.shipped',
                 'order.refunded', 'stock.adjusted')),
  currency     text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  event_id     uuid        UNIQUE,
  order_id     uuid,
  reverses     uuid        UNIQUE REFERENCES journal_entries (id),
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_txid bigint      NOT NULL DEFAULT txid_current()
);

CREATE INDEX journal_entries_in_order ON journal_entries (created_at, id);
CREATE INDEX journal_entries_by_day ON journal_entries (posted_on);
CREATE INDEX journal_entries_by_order ON journal_entries (order_id) WHERE order_id IS NOT NULL;

-- One debit or one credit, in minor units, on one account.
CREATE TABLE journal_lines (
  entry_id   uuid    NOT NULL REFERENCES journal_entries (id),
  line_no    integer NOT NULL CHECK (line_no >= 1),
  account_id uuid    NOT NULL REFERENCES accounts (id),
  debit      bigint  NOT NULL DEFAULT 0 CHECK (debit >= 0),
  credit     bigint  NOT NULL DEFAULT 0 CHECK (credit >= 0),
  PRIMARY KEY (entry_id, line_no),
  CONSTRAINT journal_lines_one_side CHECK ((debit > 0) <> (credit > 0))
);

CREATE INDEX journal_lines_by_account ON journal_lines (account_id);

-- Balanced or nothing: at commit, every entry written in the transaction has two lines or more
-- and its debits equal its credits, or the whole transaction is refused. Deferred, so an entry
-- and its lines can be written in any number of statements before the check.
CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lines integer;
  debits numeric;
  credits numeric;
BEGIN
  SELECT count(*), coalesce(sum(debit), 0), coalesce(sum(credit), 0) INTO lines, debits, credits
    FROM journal_lines WHERE entry_id = NEW.id;
  IF lines < 2 OR debits <> credits THEN
    RAISE EXCEPTION 'journal entry % is unbalanced: % lines, debits %, credits %', NEW.id, lines, debits, credits
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entry_balanced';
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER journal_entry_balanced AFTER INSERT ON journal_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();

-- A line joins only an entry of its own transaction: a posted entry gets no more lines.
CREATE FUNCTION journal_line_of_a_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM journal_entries WHERE id = NEW.entry_id AND created_txid = txid_current()) THEN
    RAISE EXCEPTION 'journal entry % is posted: it takes no more lines', NEW.entry_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_append_only';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER journal_line_of_a_new_entry BEFORE INSERT ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_line_of_a_new_entry();

-- The journal is written once: a mistake is corrected by a reversing entry, never by an edit.
CREATE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused (post a reversing entry instead)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'check_violation', CONSTRAINT = TG_TABLE_NAME || '_append_only';
END;
$$;

CREATE TRIGGER journal_entries_append_only BEFORE UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_entries_not_truncated BEFORE TRUNCATE ON journal_entries
  FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_lines_append_only BEFORE UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
CREATE TRIGGER journal_lines_not_truncated BEFORE TRUNCATE ON journal_lines
  FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();

-- Nothing lands in a closed period. The shared lock makes a posting and the closing of its
-- period wait for each other (closing takes the same lock exclusively), so a posting cannot slip
-- into a period closed while it was being written.
CREATE FUNCTION journal_entry_in_an_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('accounting.periods'));
  IF EXISTS (SELECT 1 FROM closed_periods WHERE period = to_char(NEW.posted_on, 'YYYY-MM')) THEN
    RAISE EXCEPTION 'period % is closed', to_char(NEW.posted_on, 'YYYY-MM')
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_open_period';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER journal_entry_in_an_open_period BEFORE INSERT ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_entry_in_an_open_period();

-- The unit cost catalog last announced per product (stock.adjusted carries it): what a restocked
-- refund line without a cost of its own is valued at.
CREATE TABLE product_costs (
  product_id  uuid PRIMARY KEY,
  amount      bigint      NOT NULL CHECK (amount >= 0),
  currency    text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
