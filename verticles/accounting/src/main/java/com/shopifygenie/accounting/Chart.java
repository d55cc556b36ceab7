package com.shopifygenie.accounting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The accounts every currency's chart holds, which postings from events use: the migration seeds
 * them in USD, and the first posting in another currency opens that currency's chart with the
 * same codes, names, types and normal sides.
 */
final class Chart {

  static final String CASH = "1000";
  static final String ACCOUNTS_RECEIVABLE = "1100";
  static final String INVENTORY = "1200";
  static final String ACCOUNTS_PAYABLE = "2000";
  static final String SALES_TAX_PAYABLE = "2100";
  static final String OWNERS_EQUITY = "3000";
  static final String RETAINED_EARNINGS = "3100";
  static final String SALES_REVENUE = "4000";
  static final String SALES_RETURNS = "4100";
  static final String COST_OF_GOODS_SOLD = "5000";
  static final String INVENTORY_SHRINKAGE = "5100";

  /** An account of every chart; its normal side is its type's unless it is a contra account. */
  record Seeded(String code, String name, AccountType type, Side normalSide) {

    /** Whether postings may use this account for the seeded one: of its type and side, whatever its name. */
    boolean fits(Account account) {
      return account.type() == type && account.normalSide() == normalSide;
    }

    String describe() {
      return name + ", " + article(type) + " account on the " + normalSide.wireName() + " side";
    }
  }

  /** In code order: charts are opened in it, so two openings at once wait on one another's rows in one order. */
  static final List<Seeded> ACCOUNTS = List.of(
    new Seeded(CASH, "Cash", AccountType.ASSET, Side.DEBIT),
    new Seeded(ACCOUNTS_RECEIVABLE, "Accounts receivable", AccountType.ASSET, Side.DEBIT),
    new Seeded(INVENTORY, "Inventory", AccountType.ASSET, Side.DEBIT),
    new Seeded(ACCOUNTS_PAYABLE, "Accounts payable", AccountType.LIABILITY, Side.CREDIT),
    new Seeded(SALES_TAX_PAYABLE, "Sales tax payable", AccountType.LIABILITY, Side.CREDIT),
    new Seeded(OWNERS_EQUITY, "Owner's equity", AccountType.EQUITY, Side.CREDIT),
    new Seeded(RETAINED_EARNINGS, "Retained earnings", AccountType.EQUITY, Side.CREDIT),
    new Seeded(SALES_REVENUE, "Sales revenue", AccountType.REVENUE, Side.CREDIT),
    new Seeded(SALES_RETURNS, "Sales returns and refunds", AccountType.REVENUE, Side.DEBIT),
    new Seeded(COST_OF_GOODS_SOLD, "Cost of goods sold", AccountType.EXPENSE, Side.DEBIT),
    new Seeded(INVENTORY_SHRINKAGE, "Inventory shrinkage", AccountType.EXPENSE, Side.DEBIT));

  private static final Map<String, Seeded> BY_CODE = ACCOUNTS.stream()
    .collect(Collectors.toUnmodifiableMap(Seeded::code, Function.identity()));

  private Chart() {}

  static List<String> codes() {
    return ACCOUNTS.stream().map(Seeded::code).toList();
  }

  /** The chart's account of this code, if the code is one of the chart's. */
  static Optional<Seeded> seeded(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /**
   * The chart's accounts these lines post on, in code order; a line on a code the chart lacks is an
   * error of the posting rules.
   */
  static List<Seeded> neededBy(List<JournalLine> lines) {
    var needed = new TreeMap<String, Seeded>();
    for (var line : lines) {
      needed.put(line.accountCode(), seeded(line.accountCode()).orElseThrow(() ->
        new IllegalArgumentException("postings use the chart's accounts only, not " + line.accountCode())));
    }
    return List.copyOf(needed.values());
  }

  /**
   * Why the accounts of a currency cannot take a posting that needs these: one the currency has no
   * account for, or one whose account is not of the seeded type and side (staff may have added it
   * before the currency's first posting). Empty when they can.
   */
  static Optional<String> unfit(List<Seeded> needed, Collection<Account> accounts, String currency) {
    var found = new TreeMap<String, Account>();
    accounts.forEach(a -> found.put(a.code(), a));
    var problems = new ArrayList<String>();
    for (var wanted : needed) {
      var account = found.get(wanted.code());
      if (account == null) {
        problems.add("no account " + wanted.code() + " in " + currency);
      } else if (!wanted.fits(account)) {
        problems.add("account " + wanted.code() + " in " + currency + " is " + article(account.type()) + " account on the "
          + account.normalSide().wireName() + " side, where postings need " + wanted.describe());
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** Whether these accounts of one currency are the whole chart, each fit for postings. */
  static boolean complete(Collection<Account> accounts) {
    return unfit(ACCOUNTS, accounts, "").isEmpty();
  }

  private static String article(AccountType type) {
    return (type == AccountType.ASSET || type == AccountType.EXPENSE || type == AccountType.EQUITY ? "an " : "a ")
      + type.wireName();
  }
}
