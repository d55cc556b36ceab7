package com.shopifygenie.accounting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's invariants as the database keeps them, tried straight in SQL as any client of the
 * database could: no unbalanced entry, no entry of one line, no edit, no deletion, no line added
 * to a posted entry, nothing dated in a closed period, no line on another currency's account.
 */
@ExtendWith(VertxExtension.class)
class JournalDatabaseTest {

  static AccountingSystem accounting;

  @BeforeAll
  static void start(Vertx vertx) {
    accounting = AccountingSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    accounting.stop();
  }

  /** Runs the statements in one transaction; fails with the database's error if any (or the commit) does. */
  static void sql(String... statements) {
    accounting.db.withTransaction(tx -> {
      Future<Void> chain = Future.succeededFuture();
      for (var statement : statements) {
        chain = chain.compose(v -> tx.query(statement).execute().mapEmpty());
      }
      return chain;
    }).await();
  }

  static String entry(UUID id, String postedOn) {
    return "INSERT INTO journal_entries (id, posted_on, description, source, currency) VALUES ('" + id + "', '"
      + postedOn + "', 'by hand', 'manual', 'USD')";
  }

  static String line(UUID entry, int lineNo, String code, long debit, long credit) {
    return "INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit) SELECT '" + entry + "', " + lineNo
      + ", id, " + debit + ", " + credit + " FROM accounts WHERE code = '" + code + "' AND currency = 'USD'";
  }

  static long entries(UUID id) {
    return accounting.count("SELECT count(*) FROM journal_entries WHERE id = $1", id);
  }

  static UUID balanced() {
    var id = UUID.randomUUID();
    sql(entry(id, "2026-03-10"), line(id, 1, "1000", 500, 0), line(id, 2, "3000", 0, 500));
    return id;
  }

  @Test
  void aBalancedEntryWrittenInSqlIsTaken() {
    var id = balanced();
    assertEquals(1, entries(id));
    assertEquals(2, accounting.count("SELECT count(*) FROM journal_lines WHERE entry_id = $1", id));
  }

  @Test
  void anUnbalancedEntryIsRefusedAtCommit() {
    var id = UUID.randomUUID();
    var refused = assertThrows(Exception.class, () ->
      sql(entry(id, "2026-03-10"), line(id, 1, "1000", 500, 0), line(id, 2, "3000", 0, 499)));
    assertTrue(refused.getMessage().contains("unbalanced"), refused::getMessage);
    assertEquals(0, entries(id));
  }

  @Test
  void anEntryOfOneLineOrNoneIsRefused() {
    var single = UUID.randomUUID();
    assertThrows(Exception.class, () -> sql(entry(single, "2026-03-10"), line(single, 1, "1000", 0, 0)));
    assertThrows(Exception.class, () -> sql(entry(single, "2026-03-10"), line(single, 1, "1000", 500, 0)));
    assertThrows(Exception.class, () -> sql(entry(single, "2026-03-10")));
    assertEquals(0, entries(single));
  }

  @Test
  void aLineIsADebitOrACreditNeverBoth() {
    var id = UUID.randomUUID();
    assertThrows(Exception.class, () ->
      sql(entry(id, "2026-03-10"), line(id, 1, "1000", 500, 500), line(id, 2, "3000", 500, 500)));
    assertEquals(0, entries(id));
  }

  @Test
  void postedLinesAndEntriesAreNeverUpdatedNorDeleted() {
    var id = balanced();
    for (var statement : new String[] {
      "UPDATE journal_lines SET debit = 600 WHERE entry_id = '" + id + "' AND line_no = 1",
      "UPDATE journal_lines SET debit = 600, credit = 0 WHERE entry_id = '" + id + "'",
      "DELETE FROM journal_lines WHERE entry_id = '" + id + "'",
      "UPDATE journal_entries SET posted_on = '2026-04-01' WHERE id = '" + id + "'",
      "DELETE FROM journal_entries WHERE id = '" + id + "'",
      "TRUNCATE journal_lines, journal_entries"}) {
      var refused = assertThrows(Exception.class, () -> sql(statement), statement);
      assertTrue(refused.getMessage().contains("append-only"), refused::getMessage);
    }
    assertEquals(2, accounting.count("SELECT count(*) FROM journal_lines WHERE entry_id = $1 AND debit + credit = 500", id));
  }

  @Test
  void aPostedEntryTakesNoMoreLinesEvenBalancedOnes() {
    var id = balanced();
    var refused = assertThrows(Exception.class, () -> sql(line(id, 3, "1000", 100, 0), line(id, 4, "3000", 0, 100)));
    assertTrue(refused.getMessage().contains("takes no more lines"), refused::getMessage);
    assertEquals(2, accounting.count("SELECT count(*) FROM journal_lines WHERE entry_id = $1", id));
  }

  @Test
  void nothingIsDatedInAClosedPeriod() {
    sql("INSERT INTO closed_periods (period, closed_by) VALUES ('2019-05', '" + UUID.randomUUID() + "')");
    var id = UUID.randomUUID();
    var refused = assertThrows(Exception.class, () ->
      sql(entry(id, "2019-05-31"), line(id, 1, "1000", 500, 0), line(id, 2, "3000", 0, 500)));
    assertTrue(refused.getMessage().contains("closed"), refused::getMessage);
    var next = UUID.randomUUID();
    sql(entry(next, "2019-06-01"), line(next, 1, "1000", 500, 0), line(next, 2, "3000", 0, 500));
    assertEquals(1, entries(next));
  }

  @Test
  void aLineIsOnAnAccountOfItsEntrysCurrency() {
    sql("INSERT INTO accounts (id, code, name, type, normal_side, currency) VALUES ('" + UUID.randomUUID()
      + "', '1000', 'Cash', 'asset', 'debit', 'EUR') ON CONFLICT DO NOTHING");
    var id = UUID.randomUUID();
    var refused = assertThrows(Exception.class, () -> sql(entry(id, "2026-03-10"),
      "INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit) SELECT '" + id
        + "', 1, id, 500, 0 FROM accounts WHERE code = '1000' AND currency = 'EUR'",
      line(id, 2, "3000", 0, 500)));
    assertTrue(refused.getMessage().contains("is in USD: a line on an account in EUR is refused"), refused::getMessage);
    assertEquals(0, entries(id));
  }
}
