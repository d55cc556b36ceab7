package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.accounting.AccountingSystem.credit;
import static com.shopifygenie.accounting.AccountingSystem.debit;
import static com.shopifygenie.accounting.AccountingSystem.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart, manual entries, reversals, the journal's list, periods and CSV through HTTP, every
 * answer checked against schemas/openapi/accounting.yaml. Each test posts on accounts of its own
 * (or in days of its own) so the others' entries never change what it asserts.
 */
@ExtendWith(VertxExtension.class)
class AccountingApiTest {

  static AccountingSystem accounting;

  @BeforeAll
  static void start(Vertx vertx) {
    accounting = AccountingSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    accounting.stop();
  }

  static String newAccount(String type) {
    var code = "T" + UUID.randomUUID().toString().substring(0, 8);
    var reply = accounting.send(HttpMethod.POST, "/accounting/accounts", new JsonObject().put("code", code)
      .put("name", "Test " + type).put("type", type).put("currency", "USD"), accounting.staff, Map.of());
    assertEquals(201, reply.status(), reply::toString);
    return code;
  }

  /** Two entries of 5 * 10^18 on one day, debit to credit: each line an amount, their totals not. */
  static void postPastTheLargestTotal(String day, String debited, String credited) {
    var ids = accounting.rows("SELECT id FROM accounts WHERE code = $1 UNION ALL SELECT id FROM accounts WHERE code = $2",
      debited, credited);
    for (int i = 0; i < 2; i++) {
      var entry = UUID.randomUUID();
      accounting.db.withTransaction(tx -> tx.preparedQuery("INSERT INTO journal_entries (id, posted_on, description, source, "
          + "currency) VALUES ($1, $2, 'huge', 'manual', 'USD')").execute(Tuple.of(entry, LocalDate.parse(day)))
        .compose(v -> tx.preparedQuery("INSERT INTO journal_lines (entry_id, line_no, account_id, debit, credit) "
          + "VALUES ($1, 1, $2, 5000000000000000000, 0), ($1, 2, $3, 0, 5000000000000000000)")
          .execute(Tuple.of(entry, ids.get(0).getUUID(0), ids.get(1).getUUID(0))))).await();
    }
  }

  static void assertProblem(Reply reply, int status, String field, String rule) {
    assertEquals(status, reply.status(), reply::toString);
    if (field != null) {
      var error = reply.json().getJsonArray("errors").getJsonObject(0);
      assertEquals(field, error.getString("field"), reply::toString);
      assertEquals(rule, error.getString("rule"), reply::toString);
    }
  }

  @Test
  void theChartIsSeededWithTheAccountsOfAShop() {
    var items = accounting.ok("/accounting/accounts").getJsonArray("items").stream().map(JsonObject.class::cast).toList();
    var seeded = items.stream().filter(a -> a.getString("code").matches("[0-9]{4}"))
      .map(a -> a.getString("code") + " " + a.getString("name") + " " + a.getString("type") + " " + a.getString("normal_side"))
      .toList();
    assertEquals(List.of("1000 Cash asset debit", "1100 Accounts receivable asset debit", "1200 Inventory asset debit",
      "2000 Accounts payable liability credit", "2100 Sales tax payable liability credit",
      "3000 Owner's equity equity credit", "3100 Retained earnings equity credit", "4000 Sales revenue revenue credit",
      "4100 Sales returns and refunds revenue debit", "5000 Cost of goods sold expense debit",
      "5100 Inventory shrinkage expense debit"), seeded);
  }

  @Test
  void staffAddAccountsWithAFreeCodeAndAnIsoCurrency() {
    var code = newAccount("expense");
    var again = accounting.send(HttpMethod.POST, "/accounting/accounts", new JsonObject().put("code", code).put("name", "x")
      .put("type", "expense").put("currency", "USD"), accounting.staff, Map.of());
    assertProblem(again, 409, null, null);
    var unknownCurrency = accounting.send(HttpMethod.POST, "/accounting/accounts", new JsonObject().put("code", code + "X")
      .put("name", "x").put("type", "expense").put("currency", "XYZ"), accounting.staff, Map.of());
    assertProblem(unknownCurrency, 422, "/currency", "iso-4217");
    var customer = accounting.send(HttpMethod.GET, "/accounting/accounts", null, accounting.customer, Map.of());
    assertEquals(403, customer.status());
  }

  @Test
  void aManualEntryMovesBalancesAndARetryPostsItOnce() {
    var bank = newAccount("asset");
    var capital = newAccount("equity");
    var key = UUID.randomUUID().toString();
    var body = entry("Owner pays in", debit(bank, 100_000), credit(capital, 100_000)).put("posted_on", "2026-02-03");
    var first = accounting.send(HttpMethod.POST, "/accounting/journal-entries", body, accounting.staff, Map.of("Idempotency-Key", key));
    assertEquals(201, first.status(), first::toString);
    var retry = accounting.send(HttpMethod.POST, "/accounting/journal-entries", body, accounting.staff, Map.of("Idempotency-Key", key));
    assertEquals(first.json(), retry.json());
    var posted = first.json();
    assertEquals("manual", posted.getString("source"));
    assertEquals("2026-02", posted.getString("period"));
    assertEquals(100_000, posted.getLong("total"));
    assertEquals("/accounting/journal-entries/" + posted.getString("id"), first.header("Location"));
    assertEquals(posted, accounting.ok("/accounting/journal-entries/" + posted.getString("id")));
    var balances = accounting.balances();
    assertEquals(100_000, balances.get(bank));
    assertEquals(100_000, balances.get(capital));
    assertEquals(1, accounting.count("SELECT count(*) FROM journal_entries WHERE description = 'Owner pays in'"));
    var events = accounting.rows("SELECT data FROM outbox WHERE type = 'shopifygenie.journal_entry.posted' AND subject = $1",
      posted.getString("id"));
    assertEquals(1, events.size());
    assertEquals(100_000, events.get(0).getJsonObject("data").getLong("total"));
    // before the day it was posted on, the accounts held nothing
    var before = accounting.ok("/accounting/accounts?as_of=2026-02-02").getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(a -> a.getString("code").equals(bank)).findFirst().orElseThrow();
    assertEquals(0, before.getLong("balance"));
  }

  @Test
  void anEntryThatDoesNotBalanceOrNamesAnUnknownAccountIsRefusedNamingTheField() {
    var bank = newAccount("asset");
    assertProblem(accounting.postEntry(entry("uneven", debit(bank, 100), credit("3000", 99))), 422, "/lines", "balanced");
    assertProblem(accounting.postEntry(entry("unknown", debit(bank, 100), credit("NOPE-1", 100))), 422,
      "/lines/1/account_code", "known-account");
    assertProblem(accounting.postEntry(entry("one line", debit(bank, 100))), 400, "/lines", "minItems");
    assertProblem(accounting.postEntry(entry("no such day", debit(bank, 1), credit("3000", 1)).put("posted_on", "2026-02-30")),
      400, "/posted_on", "format");
    assertProblem(accounting.postEntry(entry("zero", debit(bank, 0), credit("3000", 0))), 400, "/lines/0/amount", "minimum");
    assertProblem(accounting.send(HttpMethod.POST, "/accounting/journal-entries", entry("no key", debit(bank, 1),
      credit("3000", 1)), accounting.staff, Map.of()), 400, null, null);
    assertEquals(0, accounting.count("SELECT count(*) FROM journal_lines l JOIN accounts a ON a.id = l.account_id"
      + " WHERE a.code = $1", bank));
  }

  @Test
  void aMistakeIsCorrectedByAReversingEntryOnceNeverByAnEdit() {
    var bank = newAccount("asset");
    var capital = newAccount("equity");
    var posted = accounting.postEntry(entry("typo", debit(bank, 5_000), credit(capital, 5_000))).json();
    var reversal = accounting.send(HttpMethod.POST, "/accounting/journal-entries/" + posted.getString("id") + "/reversal",
      null, accounting.staff, Map.of());
    assertEquals(201, reversal.status(), reversal::toString);
    var reversing = reversal.json();
    assertEquals("reversal", reversing.getString("source"));
    assertEquals(posted.getString("id"), reversing.getString("reverses"));
    assertEquals(new JsonArray().add(credit(bank, 5_000)).add(debit(capital, 5_000)), reversing.getJsonArray("lines"));
    var balances = accounting.balances();
    assertEquals(0, balances.get(bank));
    assertEquals(0, balances.get(capital));
    assertProblem(accounting.send(HttpMethod.POST, "/accounting/journal-entries/" + posted.getString("id") + "/reversal",
      null, accounting.staff, Map.of()), 409, null, null);
    assertProblem(accounting.send(HttpMethod.POST, "/accounting/journal-entries/" + UUID.randomUUID() + "/reversal",
      null, accounting.staff, Map.of()), 404, null, null);
    assertEquals(posted, accounting.ok("/accounting/journal-entries/" + posted.getString("id")), "the entry itself is unchanged");
  }

  @Test
  void theJournalIsListedInPagesFilteredByAccountSourceAndPeriod() {
    var bank = newAccount("asset");
    var capital = newAccount("equity");
    var ids = new HashSet<String>();
    for (int i = 0; i < 5; i++) {
      ids.add(accounting.postEntry(entry("page " + i, debit(bank, 10 + i), credit(capital, 10 + i))
        .put("posted_on", "2025-0" + (i % 2 + 1) + "-15")).json().getString("id"));
    }
    var seen = new HashSet<String>();
    String cursor = null;
    do {
      var page = accounting.ok("/accounting/journal-entries?limit=2&account_code=" + bank
        + (cursor == null ? "" : "&cursor=" + cursor));
      assertTrue(page.getJsonArray("items").size() <= 2);
      page.getJsonArray("items").forEach(e -> seen.add(((JsonObject) e).getString("id")));
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertEquals(ids, seen);
    var january = accounting.ok("/accounting/journal-entries?limit=100&account_code=" + bank + "&period=2025-01");
    assertEquals(3, january.getJsonArray("items").size());
    assertEquals(0, accounting.ok("/accounting/journal-entries?account_code=" + bank + "&source=reversal")
      .getJsonArray("items").size());
    assertProblem(accounting.get("/accounting/journal-entries?period=2025-13"), 400, "query.period", "pattern");
  }

  @Test
  void aClosedPeriodRefusesManualEntriesAndOnlyASuperAdminClosesIt() {
    var bank = newAccount("asset");
    assertEquals(403, accounting.send(HttpMethod.POST, "/accounting/periods/2024-02/close", null, accounting.staff, Map.of())
      .status());
    var closed = accounting.send(HttpMethod.POST, "/accounting/periods/2024-02/close", null, accounting.admin, Map.of());
    assertEquals(200, closed.status(), closed::toString);
    assertEquals("closed", closed.json().getString("status"));
    assertProblem(accounting.send(HttpMethod.POST, "/accounting/periods/2024-02/close", null, accounting.admin, Map.of()),
      409, null, null);
    assertProblem(accounting.postEntry(entry("late", debit(bank, 1), credit("3000", 1)).put("posted_on", "2024-02-29")),
      409, null, null);
    assertEquals(201, accounting.postEntry(entry("next month", debit(bank, 1), credit("3000", 1))
      .put("posted_on", "2024-03-01")).status());
  }

  @Test
  void anEventDatedInAClosedPeriodPostsOnTheFirstDayOfTheNextOpenOne() {
    assertEquals(200, accounting.send(HttpMethod.POST, "/accounting/periods/2023-07/close", null, accounting.admin, Map.of())
      .status());
    var orderId = UUID.randomUUID();
    var late = AccountingSystem.at(AccountingSystem.paymentProcessed(orderId, 2_500,
        AccountingSystem.line(UUID.randomUUID(), 1, 2_500, 1_000)),
      java.time.OffsetDateTime.parse("2023-07-31T23:59:59Z"));
    accounting.publish(late);
    var posted = accounting.rows("SELECT posted_on FROM journal_entries WHERE event_id = $1", late.id());
    assertEquals(1, posted.size());
    assertEquals(java.time.LocalDate.parse("2023-08-01"), posted.get(0).getLocalDate("posted_on"));
  }

  /** A refund posts the money; its restocked units come back with catalog's return, at the cost catalog holds then. */
  @Test
  void aRefundPostsItsMoneyAndCatalogsReturnTheRestockedCost() {
    var product = UUID.randomUUID();
    var orderId = UUID.randomUUID();
    var refund = AccountingSystem.orderRefunded(orderId, 1_500, 1_500,
      AccountingSystem.refundLine(product, 2, true, 1_500, 650L));
    var back = AccountingSystem.returned(product, orderId, 2, 700, 5);
    List.of(refund, back).forEach(accounting::publish);
    var entries = accounting.ok("/accounting/journal-entries?limit=100").getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(e -> orderId.toString().equals(e.getString("order_id")))
      .sorted(java.util.Comparator.comparing(e -> e.getString("source"))).toList();
    assertEquals(List.of("order.refunded", "stock.adjusted"), entries.stream().map(e -> e.getString("source")).toList());
    assertEquals(new JsonArray().add(debit("4100", 1_500)).add(credit("1000", 1_500)), entries.get(0).getJsonArray("lines"));
    assertEquals(new JsonArray().add(debit("1200", 1_400)).add(credit("5000", 1_400)), entries.get(1).getJsonArray("lines"));
    assertEquals("Stock returned: 2 of SKU-" + product.toString().substring(0, 8) + " for order " + orderId,
      entries.get(1).getString("description"));
  }

  /**
   * Stock on hand valued at a new cost: inventory follows it (received 2 at 400, revalued to 600,
   * shipped at 600: none left in the books), and the units' cost of goods sold nets to what they
   * were booked at (1,200 shipped less 400 revalued); a lower cost writes the stock down.
   */
  @Test
  void aRevaluationKeepsInventoryAtOnHandTimesTheCurrentCost() {
    var product = UUID.randomUUID();
    var received = AccountingSystem.stockAdjusted(product, "received", 2, 400, 2);
    var up = AccountingSystem.stockRevalued(product, 2, 400, 600);
    var shipped = AccountingSystem.sold(product, UUID.randomUUID(), 2, 600, 0);
    List.of(received, up, shipped).forEach(accounting::publish);
    var entry = revaluation(up);
    assertEquals(new JsonArray().add(debit("1200", 400)).add(credit("5000", 400)), entry.getJsonArray("lines"));
    assertEquals("Stock revalued: 2 of SKU-" + product.toString().substring(0, 8) + " from 400 to 600 USD",
      entry.getString("description"));
    var net = accounting.rows("SELECT a.code, sum(l.debit - l.credit) AS net FROM journal_lines l"
      + " JOIN journal_entries e ON e.id = l.entry_id JOIN accounts a ON a.id = l.account_id"
      + " WHERE e.event_id = ANY($1) AND a.code IN ('1200', '5000') GROUP BY a.code ORDER BY a.code",
      (Object) new UUID[] {received.id(), up.id(), shipped.id()});
    assertEquals(List.of("1200 0", "5000 800"), net.stream().map(r -> r.getString("code") + " " + r.getLong("net")).toList());

    var down = AccountingSystem.stockRevalued(UUID.randomUUID(), 3, 500, 300);
    accounting.publish(down);
    assertEquals(new JsonArray().add(debit("5000", 600)).add(credit("1200", 600)), revaluation(down).getJsonArray("lines"));
  }

  private static JsonObject revaluation(DomainEvent event) {
    return accounting.ok("/accounting/journal-entries?source=stock.revalued&limit=100").getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(e -> e.getString("event_id").equals(event.id().toString())).findFirst()
      .orElseThrow();
  }

  @Test
  void totalsPastTheLargestAmountAreA409NamingTheBoundingDateNotA500() {
    // far in the future so no other report sees them: each line is an amount, their totals are not
    // (a shop reached that receiving units worth 9 * 10^18 twice)
    postPastTheLargestTotal("2090-01-15", newAccount("revenue"), newAccount("equity"));
    for (var path : List.of("/accounting/reports/trial-balance?as_of=2090-12-31",
      "/accounting/reports/balance-sheet?as_of=2090-12-31", "/accounting/accounts?as_of=2090-12-31")) {
      assertProblem(accounting.get(path), 409, "query.as_of", "amount-limit");
    }
    assertProblem(accounting.get("/accounting/reports/income-statement?from=2090-01-01&to=2090-12-31"), 409, "query.from",
      "amount-limit");
    assertProblem(accounting.get("/accounting/reports/income-statement?to=2090-12-31"), 409, "query.to", "amount-limit");
    // a period that holds one of them is told
    assertEquals(200, accounting.get("/accounting/reports/trial-balance?as_of=2090-01-14").status());
    assertEquals(200, accounting.get("/accounting/reports/trial-balance").status());
  }

  @Test
  void anIncomeStatementIsNotRefusedForTotalsOfAccountsItLeavesOut() {
    // in 2091, so no other test's report sees them: assets and equity past the largest amount
    postPastTheLargestTotal("2091-03-15", newAccount("asset"), newAccount("equity"));
    assertProblem(accounting.get("/accounting/reports/balance-sheet?as_of=2091-12-31"), 409, "query.as_of", "amount-limit");
    var statement = accounting.get("/accounting/reports/income-statement?from=2091-01-01&to=2091-12-31");
    assertEquals(200, statement.status(), statement::toString);
  }

  @Test
  void eachReportAlsoComesAsCsv() {
    for (var path : List.of("/accounting/reports/trial-balance?as_of=2026-01-31",
      "/accounting/reports/income-statement?from=2026-01-01&to=2026-01-31", "/accounting/reports/balance-sheet")) {
      var csv = accounting.send(HttpMethod.GET, path, null, accounting.staff, Map.of("Accept", "text/csv"));
      assertEquals(200, csv.status(), csv::toString);
      assertTrue(csv.header("Content-Type").startsWith("text/csv"), csv::toString);
      assertTrue(csv.text().endsWith("\r\n"), csv::text);
      var json = accounting.get(path);
      assertEquals(200, json.status(), json::toString);
      assertTrue(json.header("Content-Type").startsWith("application/json"), json::toString);
    }
    var trial = accounting.send(HttpMethod.GET, "/accounting/reports/trial-balance", null, accounting.staff,
      Map.of("Accept", "text/csv")).text().split("\r\n");
    assertEquals("code,name,type,debit,credit", trial[0]);
    assertTrue(trial[trial.length - 1].startsWith("total,,,"), trial[trial.length - 1]);
    var tb = accounting.ok("/accounting/reports/trial-balance");
    assertTrue(tb.getBoolean("balanced"), tb::encode);
    assertEquals("total,,," + tb.getLong("total_debit") + "," + tb.getLong("total_credit"), trial[trial.length - 1]);
    assertNull(accounting.ok("/accounting/reports/income-statement").getString("from"));
    assertProblem(accounting.send(HttpMethod.GET, "/accounting/reports/income-statement?from=2026-12-01&to=2026-01-01", null,
      accounting.staff, Map.of()), 400, "query.to", "not-before-from");
  }
}
