-- Books per currency: a shop that sells in EUR keeps EUR books beside its USD ones, with the same
-- codes (1000 cash, 1200 inventory, ...). A code is unique within its currency's chart, no longer
-- across charts. The accounts, entries and lines already written stay as they are.
ALTER TABLE accounts DROP CONSTRAINT accounts_code_key;
ALTER TABLE accounts ADD CONSTRAINT accounts_code_currency_key UNIQUE (code, currency);

-- A line joins only an entry of its own transaction (as before), and only on an account of the
-- entry's currency: with one code in several charts, this keeps a EUR entry off a USD account,
-- and a report of one currency from ever counting an amount of another. The entry's row was
-- looked up per line already; the account's is one more lookup by primary key.
CREATE OR REPLACE FUNCTION journal_line_of_a_new_entry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry_currency text;
  account_currency text;
BEGIN
  SELECT currency INTO entry_currency FROM journal_entries WHERE id = NEW.entry_id AND created_txid = txid_current();
  IF NOT FOUND THEN
    RAISE EXCEPTION 'journal entry % is posted: it takes no more lines', NEW.entry_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_append_only';
  END IF;
  SELECT currency INTO account_currency FROM accounts WHERE id = NEW.account_id;
  -- an unknown account is left to the foreign key
  IF FOUND AND account_currency <> entry_currency THEN
    RAISE EXCEPTION 'journal entry % is in %: a line on an account in % is refused', NEW.entry_id, entry_currency,
      account_currency USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_lines_in_the_entry_currency';
  END IF;
  RETURN NEW;
END;
$$;
