package com.shopifygenie.accounting;

import com.shopifygenie.platform.Problem;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The books a manual entry goes into, without a database. */
class EntryCurrencyTest {

  static final List<JournalLine> CASH_FROM_OWNER = List.of(JournalLine.debit("1000", 5), JournalLine.credit("3000", 5));

  /** Accounts of these codes in each currency. */
  static List<Account> accounts(List<String> codes, String... currencies) {
    var accounts = new ArrayList<Account>();
    for (var currency : currencies) {
      codes.forEach(code -> accounts.add(new Account(UUID.randomUUID(), code, code, AccountType.ASSET, Side.DEBIT,
        currency, OffsetDateTime.now())));
    }
    return accounts;
  }

  static String problem(Runnable choosing) {
    var problem = assertThrows(Problem.class, choosing::run);
    var error = problem.toJson().getJsonArray("errors").getJsonObject(0);
    return problem.status() + " " + error.getString("field") + " " + error.getString("rule");
  }

  @Test
  void anEntryIsInTheCurrencyItNamesOnThatCurrencysAccounts() {
    var both = accounts(List.of("1000", "3000"), "USD", "EUR");
    assertEquals("EUR", EntryCurrency.of("EUR", CASH_FROM_OWNER, both));
    assertEquals("422 /lines/0/account_code known-account", problem(() -> EntryCurrency.of("GBP", CASH_FROM_OWNER, both)));
    var euroCash = accounts(List.of("1000"), "EUR");
    euroCash.addAll(accounts(List.of("3000"), "USD"));
    assertEquals("422 /lines/1/account_code known-account",
      problem(() -> EntryCurrency.of("EUR", CASH_FROM_OWNER, euroCash)));
  }

  @Test
  void anEntryThatNamesNoCurrencyIsInTheOneChartWithEveryCodeUsdFirst() {
    assertEquals("USD", EntryCurrency.of(null, CASH_FROM_OWNER, accounts(List.of("1000", "3000"), "EUR", "USD", "GBP")));
    assertEquals("EUR", EntryCurrency.of(null, CASH_FROM_OWNER, accounts(List.of("1000", "3000"), "EUR")));
    var euroOnly = accounts(List.of("1000", "3000"), "EUR");
    euroOnly.addAll(accounts(List.of("1000"), "USD"));
    assertEquals("EUR", EntryCurrency.of(null, CASH_FROM_OWNER, euroOnly));
    assertEquals("422 /currency required",
      problem(() -> EntryCurrency.of(null, CASH_FROM_OWNER, accounts(List.of("1000", "3000"), "EUR", "GBP"))));
  }

  @Test
  void anUnknownCodeOrCodesOfNoOneChartAreRefusedNamingTheLine() {
    assertEquals("422 /lines/1/account_code known-account",
      problem(() -> EntryCurrency.of(null, CASH_FROM_OWNER, accounts(List.of("1000"), "USD"))));
    var apart = accounts(List.of("1000"), "EUR");
    apart.addAll(accounts(List.of("3000"), "USD"));
    assertEquals("422 /lines/1/account_code one-currency", problem(() -> EntryCurrency.of(null, CASH_FROM_OWNER, apart)));
  }
}
