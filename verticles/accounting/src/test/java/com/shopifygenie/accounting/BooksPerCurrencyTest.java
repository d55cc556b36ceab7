package com.shopifygenie.accounting;

import com.shopifygenie.testkit.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.accounting.AccountingSystem.credit;
import static com.shopifygenie.accounting.AccountingSystem.debit;
import static com.shopifygenie.accounting.AccountingSystem.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shop that sells in several currencies keeps books in each: a code is unique within its
 * currency's chart, and an entry and every report are of one currency. Each test keeps to
 * currencies of its own, so the others' postings never change what it asserts.
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
}
