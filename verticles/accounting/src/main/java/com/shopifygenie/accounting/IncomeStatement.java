package com.shopifygenie.accounting;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * Revenue less returns, less the cost of goods sold, is the gross profit; less the other expenses,
 * the net income. Revenue accounts count credits less debits, expense accounts debits less
 * credits, so a contra account (sales returns) lowers what it sits under.
 */
record IncomeStatement(LocalDate from, LocalDate to, String currency, long revenue, long returns, long costOfGoodsSold,
                       long expenses) {

  /** The accounts it is made of: what the others hold, however large, is not its business. */
  static final List<AccountType> ACCOUNT_TYPES = List.of(AccountType.REVENUE, AccountType.EXPENSE);

  static IncomeStatement of(LocalDate from, LocalDate to, String currency, List<AccountBalance> accounts) {
    return new IncomeStatement(from, to, currency,
      -sum(accounts, a -> a.account().type() == AccountType.REVENUE && a.account().normalSide() == Side.CREDIT),
      sum(accounts, a -> a.account().type() == AccountType.REVENUE && a.account().normalSide() == Side.DEBIT),
      sum(accounts, a -> a.account().code().equals(Chart.COST_OF_GOODS_SOLD)),
      sum(accounts, a -> a.account().type() == AccountType.EXPENSE && !a.account().code().equals(Chart.COST_OF_GOODS_SOLD)));
  }

  /** Debits less credits of the accounts that match. */
  private static long sum(List<AccountBalance> accounts, Predicate<AccountBalance> which) {
    return accounts.stream().filter(which).mapToLong(AccountBalance::debitBalance).reduce(0, Math::addExact);
  }

  long netRevenue() {
    return Math.subtractExact(revenue, returns);
  }

  long grossProfit() {
    return Math.subtractExact(netRevenue(), costOfGoodsSold);
  }

  long netIncome() {
    return Math.subtractExact(grossProfit(), expenses);
  }

  JsonObject toJson() {
    return new JsonObject().put("from", from == null ? null : from.toString()).put("to", to.toString())
      .put("currency", currency).put("revenue", revenue).put("returns", returns).put("net_revenue", netRevenue())
      .put("cost_of_goods_sold", costOfGoodsSold).put("gross_profit", grossProfit()).put("expenses", expenses)
      .put("net_income", netIncome());
  }

  String toCsv() {
    return new Csv("line", "amount").row("revenue", revenue).row("returns", returns).row("net_revenue", netRevenue())
      .row("cost_of_goods_sold", costOfGoodsSold).row("gross_profit", grossProfit()).row("expenses", expenses)
      .row("net_income", netIncome()).toString();
  }
}
