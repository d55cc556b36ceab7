package com.shopifygenie.accounting;

import com.shopifygenie.platform.WireName;

/** What an account is, and the side its balance grows on unless it is a contra account. */
enum AccountType implements WireName {
  ASSET(Side.DEBIT),
  LIABILITY(Side.CREDIT),
  EQUITY(Side.CREDIT),
  REVENUE(Side.CREDIT),
  EXPENSE(Side.DEBIT);

  final Side normalSide;

  AccountType(Side normalSide) {
    this.normalSide = normalSide;
  }

  static AccountType fromWire(String name) {
    return WireName.fromWire(AccountType.class, name);
  }
}
