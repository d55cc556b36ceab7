package com.shopifygenie.accounting;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static com.shopifygenie.accounting.AccountingSystem.credit;
import static com.shopifygenie.accounting.AccountingSystem.debit;
import static com.shopifygenie.accounting.AccountingSystem.entry;
import static com.shopifygenie.accounting.AccountingSystem.line;
import static com.shopifygenie.accounting.AccountingSystem.orderRefunded;
import static com.shopifygenie.accounting.AccountingSystem.paymentProcessed;
import static com.shopifygenie.accounting.AccountingSystem.refundLine;
import static com.shopifygenie.accounting.AccountingSystem.returned;
import static com.shopifygenie.accounting.AccountingSystem.sold;
import static com.shopifygenie.accounting.AccountingSystem.stockAdjusted;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shop that sells in several currencies keeps books in each: the first posting in a currency
 * opens its chart, and every report is of one currency. Each test keeps to currencies of its own,
 * so the others' postings never change what it asserts.
 */
@ExtendWith(VertxExtension.class)
class BooksPerCurrencyTest {

  static AccountingSystem accounting;

  @BeforeAll
  static void start(Vertx vertx) {
    accounting = AccountingSystem.start(vertx);
  }

  @AfterAll
  static void stop() {
    accounting.stop();
  }

  @Test
  void aEuroSalePostsBalancedEuroBooksAndLeavesTheDollarBooksAsTheyWere() {
    var dollarsBefore = accounting.ok("/accounting/reports/trial-balance");
    var mug = UUID.randomUUID();
    var order = UUID.randomUUID();
    var events = List.of(
      stockAdjusted("EUR", mug, "received", 10, 800, 10),                                     // inventory 8,000 owed
      paymentProcessed("EUR", order, 3_998, line("EUR", mug, 2, 1_999, 800)),               // 3,998 in
      sold("EUR", mug, order, 2, 800, 8),                                                   // cost of the sale 1,600
      orderRefunded("EUR", order, 1_999, 3_998, refundLine("EUR", mug, 1, true, 1_999, 800L)), // 1,999 out
      returned("EUR", mug, order, 1, 800, 9));                                              // 800 back
    events.forEach(accounting::publish);

    var ids = events.stream().map(DomainEvent::id).toArray(UUID[]::new);
    assertEquals(List.of(), accounting.rows("SELECT error FROM dead_letters WHERE event_id = ANY($1)", (Object) ids).stream()
      .map(r -> r.getString(0)).toList());
    var entries = accounting.rows("SELECT currency FROM journal_entries WHERE event_id = ANY($1)", (Object) ids);
    assertEquals(List.of("EUR", "EUR", "EUR", "EUR", "EUR"), entries.stream().map(r -> r.getString(0)).toList());
    assertEquals(0, accounting.count("SELECT count(*) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id"
      + " JOIN accounts a ON a.id = l.account_id WHERE a.currency <> e.currency"), "no line on another currency's account");

    var euros = accounting.ok("/accounting/reports/trial-balance?currency=EUR");
    assertEquals("EUR", euros.getString("currency"));
    assertEquals(List.of(
      "1000 3998 1999", "1100 0 0", "1200 8800 1600", "2000 0 8000", "2100 0 0", "3000 0 0", "3100 0 0",
      "4000 0 3998", "4100 1999 0", "5000 1600 800", "5100 0 0"), totals(euros));
    assertEquals(16_397, euros.getLong("total_debit"));
    assertEquals(16_397, euros.getLong("total_credit"));
    assertTrue(euros.getBoolean("balanced"));

    var income = accounting.ok("/accounting/reports/income-statement?currency=EUR");
    assertEquals(List.of(3_998L, 1_999L, 1_999L, 800L, 1_199L, 0L, 1_199L), List.of(income.getLong("revenue"),
      income.getLong("returns"), income.getLong("net_revenue"), income.getLong("cost_of_goods_sold"),
      income.getLong("gross_profit"), income.getLong("expenses"), income.getLong("net_income")));
    var sheet = accounting.ok("/accounting/reports/balance-sheet?currency=EUR");
    // cash 3,998 - 1,999; inventory 10 - 2 + 1 = 9 x 800
    assertEquals(List.of(1_999L + 7_200L, 8_000L, 0L, 1_199L, true), List.of(sheet.getLong("assets"),
      sheet.getLong("liabilities"), sheet.getLong("equity"), sheet.getLong("current_earnings"),
      sheet.getBoolean("balanced")));

    // the euro chart is the dollar one, account for account
    assertEquals(chart("USD"), chart("EUR"));
    var dollars = accounting.ok("/accounting/reports/trial-balance");
    assertEquals(dollarsBefore.getJsonArray("accounts"), dollars.getJsonArray("accounts"));
    assertEquals(dollarsBefore.getLong("total_debit"), dollars.getLong("total_debit"));
  }

  /** Accounting as one more instance of it would run: a ledger (and its memory of open charts) of its own. */
  static AccountingEventHandlers anotherInstance() {
    return new AccountingEventHandlers(new Ledger(new AccountStore(), new JournalStore(), new PeriodStore()));
  }

  /** A payment of one unit of a product at that price. */
  static DomainEvent paid(String currency, long amount) {
    return paymentProcessed(currency, UUID.randomUUID(), amount, line(currency, UUID.randomUUID(), 1, amount, 1));
  }

  static long waitingForALock() {
    return accounting.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
      + " AND wait_event_type = 'Lock'");
  }

  /**
   * The first instance posts in a transaction it keeps open; the second, posting meanwhile, opens the
   * chart the first has opened and not committed yet, so it waits for it; then the first ends as told.
   */
  static void race(AccountingEventHandlers first, DomainEvent one, AccountingEventHandlers second, DomainEvent two,
                   Function<Transaction, Future<Void>> end) {
    var conn = accounting.db.getConnection().await();
    try {
      var tx = conn.begin().await();
      first.paymentProcessed(conn, one).await();
      var waiting = accounting.db.withTransaction(other -> second.paymentProcessed(other, two));
      eventually(() -> waitingForALock() == 1);
      end.apply(tx).await();
      waiting.await();
    } finally {
      conn.close().await();
    }
  }

  @Test
  void twoFirstPostingsInANewCurrencyAtOnceBothLandOnOneChart() {
    var one = paid("JPY", 5_000);
    var two = paid("JPY", 7_000);
    race(anotherInstance(), one, anotherInstance(), two, Transaction::commit);
    assertEquals(11, accounting.count("SELECT count(*) FROM accounts WHERE currency = 'JPY'"));
    assertEquals(2, accounting.count("SELECT count(*) FROM journal_entries WHERE currency = 'JPY'"));
    var yen = accounting.ok("/accounting/reports/trial-balance?currency=JPY");
    assertEquals("1000 12000 0", totals(yen).get(0));
    assertEquals("4000 0 12000", totals(yen).get(7));
    assertTrue(yen.getBoolean("balanced"));
  }

  @Test
  void aChartOpenedByAPostingThatRolledBackIsOpenedAgainByTheNext() {
    var one = paid("NOK", 5_000);
    var two = paid("NOK", 7_000);
    var first = anotherInstance();
    race(first, one, anotherInstance(), two, Transaction::rollback);
    // the first instance saw a whole chart in a transaction that rolled back: it looks again, and posts
    accounting.db.withTransaction(tx -> first.paymentProcessed(tx, one)).await();
    assertEquals(11, accounting.count("SELECT count(*) FROM accounts WHERE currency = 'NOK'"));
    assertEquals(List.of(5_000L, 7_000L), accounting.rows("SELECT l.debit FROM journal_entries e"
      + " JOIN journal_lines l ON l.entry_id = e.id WHERE e.currency = 'NOK' AND l.debit > 0 ORDER BY l.debit")
      .stream().map(r -> r.getLong(0)).toList());
  }

  @Test
  void firstPostingsOfManyOrdersInANewCurrencyDeliveredAtOnceAllLand() {
    var events = new ArrayList<DomainEvent>();
    for (int i = 0; i < 12; i++) {
      var order = UUID.randomUUID();
      events.add(paymentProcessed("DKK", order, 1_000 + i, line("DKK", UUID.randomUUID(), 1, 1_000 + i, 400)));
      events.add(sold("DKK", UUID.randomUUID(), order, 1, 400, 0));
    }
    var ids = events.stream().map(DomainEvent::id).toArray(UUID[]::new);
    Future.all(events.stream().map(accounting::publishAsync).toList()).await();
    eventually(() -> accounting.count("SELECT (SELECT count(*) FROM inbox WHERE event_id = ANY($1))"
      + " + (SELECT count(*) FROM dead_letters WHERE event_id = ANY($1))", (Object) ids) == 24);
    assertEquals(0, accounting.count("SELECT count(*) FROM dead_letters WHERE event_id = ANY($1)", (Object) ids));
    assertEquals(24, accounting.count("SELECT count(*) FROM journal_entries WHERE currency = 'DKK'"));
    assertEquals(11, accounting.count("SELECT count(*) FROM accounts WHERE currency = 'DKK'"));
    var kroner = accounting.ok("/accounting/reports/trial-balance?currency=DKK");
    assertEquals(12 * 1_000 + 66 + 12 * 400, kroner.getLong("total_debit"));
    assertTrue(kroner.getBoolean("balanced"));
  }

  static Reply newAccount(String code, String name, String type, String currency) {
    return accounting.send(HttpMethod.POST, "/accounting/accounts", new JsonObject().put("code", code).put("name", name)
      .put("type", type).put("currency", currency), accounting.staff, Map.of());
  }

  @Test
  void aCodeIsUniqueWithinItsCurrencyNotAcrossCurrencies() {
    var added = newAccount("1200", "Stock held in the UK", "asset", "GBP");
    assertEquals(201, added.status(), added::toString);
    assertEquals("GBP", added.json().getString("currency"));
    AccountingApiTest.assertProblem(newAccount("1200", "Again", "asset", "GBP"), 409, null, null);
    AccountingApiTest.assertProblem(newAccount("1200", "Again", "asset", "USD"), 409, null, null);
    var code = "U-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, newAccount(code, "Bank", "asset", "GBP").status());
    assertEquals(201, newAccount(code, "Bank", "asset", "USD").status());
    AccountingApiTest.assertProblem(newAccount(code, "Bank", "asset", "USD"), 409, null, null);
    assertEquals(List.of("GBP", "USD"), accounting.rows("SELECT currency FROM accounts WHERE code = $1 ORDER BY currency",
      code).stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void postingsUseTheAccountStaffAddedUnderACodeOfTheChartAndTheChartThenHasTheCode() {
    var added = newAccount("1200", "Stock held in Warsaw", "asset", "PLN");
    assertEquals(201, added.status(), added::toString);
    var order = UUID.randomUUID();
    var shipped = sold("PLN", UUID.randomUUID(), order, 3, 900, 0);
    accounting.publish(shipped);
    var lines = accounting.rows("SELECT a.id, a.code FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
      + " JOIN accounts a ON a.id = l.account_id WHERE e.event_id = $1 AND e.currency = 'PLN' ORDER BY l.line_no",
      shipped.id());
    assertEquals(List.of("5000", "1200"), lines.stream().map(r -> r.getString("code")).toList());
    assertEquals(added.json().getString("id"), lines.get(1).getUUID("id").toString(), "the account staff added");
    var chart = chart("PLN");
    assertEquals(11, chart.size());
    assertEquals("1200 Stock held in Warsaw asset debit", chart.get(2));
    assertEquals(chart("USD").subList(3, 11), chart.subList(3, 11));
    AccountingApiTest.assertProblem(newAccount("1000", "Petty cash", "asset", "PLN"), 409, null, null);
  }

  @Test
  void aCodeOfTheChartKeepsItsTypeAndSideInEveryCurrency() {
    AccountingApiTest.assertProblem(newAccount("1200", "Stock", "expense", "CHF"), 422, "/type", "chart-account");
    AccountingApiTest.assertProblem(newAccount("4100", "Returns", "expense", "CHF"), 422, "/type", "chart-account");
    // a contra account: revenue on the debit side, as the chart has it (the request says no side)
    var returns = newAccount("4100", "Returns", "revenue", "CHF");
    assertEquals(201, returns.status(), returns::toString);
    assertEquals("debit", returns.json().getString("normal_side"));
    assertEquals(201, newAccount("5000", "Cost of sales", "expense", "CHF").status());
    assertEquals(List.of("4100", "5000"), accounting.rows("SELECT code FROM accounts WHERE currency = 'CHF' ORDER BY code")
      .stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void aPostingNeverLandsOnAnAccountOfAnotherTypeUnderTheChartsCode() {
    // an account of another type under a code of the chart, as one written into the database by hand
    accounting.rows("INSERT INTO accounts (id, code, name, type, normal_side, currency)"
      + " VALUES ($1, '1200', 'Shelf fittings', 'expense', 'debit', 'SEK') RETURNING id", UUID.randomUUID());
    var order = UUID.randomUUID();
    var paid = paymentProcessed("SEK", order, 3_000, line("SEK", UUID.randomUUID(), 1, 3_000, 1_000));
    accounting.publish(paid);
    var shipped = sold("SEK", UUID.randomUUID(), order, 1, 1_000, 0);
    accounting.publish(shipped);

    // the payment needs cash and revenue alone: it posts, and opens the rest of the chart
    assertEquals(1, accounting.count("SELECT count(*) FROM journal_entries WHERE event_id = $1", paid.id()));
    assertEquals(11, accounting.count("SELECT count(*) FROM accounts WHERE currency = 'SEK'"));
    // the shipment needs inventory: parked, saying why, with nothing written
    assertEquals(0, accounting.count("SELECT count(*) FROM journal_entries WHERE event_id = $1", shipped.id()));
    assertEquals(List.of("account 1200 in SEK is an expense account on the debit side, where postings need Inventory,"
      + " an asset account on the debit side"), accounting.rows("SELECT error FROM dead_letters WHERE event_id = $1",
      shipped.id()).stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void aManualEntryGoesIntoTheBooksOfItsCurrency() {
    // AUD and USD both have 1000 and 3000
    assertEquals(201, newAccount("1000", "Cash", "asset", "AUD").status());
    assertEquals(201, newAccount("3000", "Owner's equity", "equity", "AUD").status());
    var dollars = accounting.ok("/accounting/reports/trial-balance");
    var inAud = accounting.postEntry(entry("Owner pays in", debit("1000", 50_000), credit("3000", 50_000))
      .put("currency", "AUD"));
    assertEquals(201, inAud.status(), inAud::toString);
    assertEquals("AUD", inAud.json().getString("currency"));
    var aud = accounting.ok("/accounting/reports/trial-balance?currency=AUD");
    assertEquals(List.of("1000 50000 0", "3000 0 50000"), totals(aud));
    assertEquals(dollars.getJsonArray("accounts"),
      accounting.ok("/accounting/reports/trial-balance").getJsonArray("accounts"));
    // no currency: the one chart with every code, USD first
    var inUsd = accounting.postEntry(entry("Owner pays in", debit("1000", 1), credit("3000", 1)));
    assertEquals("USD", inUsd.json().getString("currency"), inUsd::toString);
    var bank = "AU-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, newAccount(bank, "Bank in Sydney", "asset", "AUD").status());
    var onlyInAud = accounting.postEntry(entry("Transfer", debit(bank, 700), credit("1000", 700)));
    assertEquals("AUD", onlyInAud.json().getString("currency"), onlyInAud::toString);
    // a reversal is in the entry's currency
    var reversal = accounting.send(HttpMethod.POST, "/accounting/journal-entries/" + onlyInAud.json().getString("id")
      + "/reversal", null, accounting.staff, Map.of());
    assertEquals("AUD", reversal.json().getString("currency"), reversal::toString);
    var page = accounting.ok("/accounting/journal-entries?limit=100&currency=AUD").getJsonArray("items");
    assertEquals(3, page.size());
    assertTrue(page.stream().map(JsonObject.class::cast).allMatch(e -> e.getString("currency").equals("AUD")));

    AccountingApiTest.assertProblem(accounting.postEntry(entry("Nowhere", debit("1000", 1), credit("3000", 1))
      .put("currency", "CAD")), 422, "/lines/0/account_code", "known-account");
    var usdOnly = "US-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, newAccount(usdOnly, "Bank in Boston", "asset", "USD").status());
    AccountingApiTest.assertProblem(accounting.postEntry(entry("Across", debit(bank, 1), credit(usdOnly, 1))), 422,
      "/lines/1/account_code", "one-currency");
    var twice = "TW-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, newAccount(twice, "Bank", "asset", "AUD").status());
    assertEquals(201, newAccount(twice, "Bank", "asset", "NZD").status());
    var twiceToo = "TX-" + UUID.randomUUID().toString().substring(0, 8);
    assertEquals(201, newAccount(twiceToo, "Capital", "equity", "AUD").status());
    assertEquals(201, newAccount(twiceToo, "Capital", "equity", "NZD").status());
    AccountingApiTest.assertProblem(accounting.postEntry(entry("Which", debit(twice, 1), credit(twiceToo, 1))), 422,
      "/currency", "required");
    assertEquals(201, accounting.postEntry(entry("This", debit(twice, 1), credit(twiceToo, 1)).put("currency", "NZD"))
      .status());
  }

  /** Each account of a trial balance as "code debit credit". */
  static List<String> totals(JsonObject trialBalance) {
    return trialBalance.getJsonArray("accounts").stream().map(JsonObject.class::cast)
      .map(a -> a.getString("code") + " " + a.getLong("debit") + " " + a.getLong("credit")).toList();
  }

  /** The chart's accounts in a currency as "code name type normal_side", as listAccounts answers them. */
  static List<String> chart(String currency) {
    return accounting.ok("/accounting/accounts?currency=" + currency).getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(a -> a.getString("code").matches("[0-9]{4}"))
      .peek(a -> assertEquals(currency, a.getString("currency")))
      .map(a -> a.getString("code") + " " + a.getString("name") + " " + a.getString("type") + " "
        + a.getString("normal_side"))
      .toList();
  }
}
