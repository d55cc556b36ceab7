package com.shopifygenie.accounting;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.List;

/**
 * What the shop holds and owes as of a day. Nothing closes revenue and expenses into retained
 * earnings, so the earnings to date are stated apart: assets = liabilities + equity + current
 * earnings, in a sound journal.
 */
record BalanceSheet(LocalDate asOf, String currency, long assets, long liabilities, long equity, long currentEarnings) {

  static BalanceSheet of(LocalDate asOf, String currency, List<AccountBalance> accounts) {
    return new BalanceSheet(asOf, currency, balanceOf(accounts, AccountType.ASSET), balanceOf(accounts, AccountType.LIABILITY),
      balanceOf(accounts, AccountType.EQUITY), IncomeStatement.of(null, asOf, currency, accounts).netIncome());
  }

  /** Assets count debits less credits, liabilities and equity credits less debits, whatever one account's normal side. */
  private static long balanceOf(List<AccountBalance> accounts, AccountType type) {
    var debits = accounts.stream().filter(a -> a.account().type() == type).mapToLong(AccountBalance::debitBalance)
      .reduce(0, Math::addExact);
    return type == AccountType.ASSET ? debits : -debits;
  }

  boolean balanced() {
    return assets == liabilities + equity + currentEarnings;
  }

  JsonObject toJson() {
    return new JsonObject().put("as_of", asOf.toString()).put("currency", currency).put("assets", assets)
      .put("liabilities", liabilities).put("equity", equity).put("current_earnings", currentEarnings)
      .put("liabilities_and_equity", liabilities + equity + currentEarnings).put("balanced", balanced());
  }

  String toCsv() {
    return new Csv("line", "amount").row("assets", assets).row("liabilities", liabilities).row("equity", equity)
      .row("current_earnings", currentEarnings).row("liabilities_and_equity", liabilities + equity + currentEarnings)
      .toString();
  }
}
