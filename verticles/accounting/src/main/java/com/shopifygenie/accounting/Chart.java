package com.shopifygenie.accounting;

/** The codes of the accounts the migration seeds, which postings from events use. */
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

  private Chart() {}
}
