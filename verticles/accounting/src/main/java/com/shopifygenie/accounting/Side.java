package com.shopifygenie.accounting;

import com.shopifygenie.platform.WireName;

/** The side of a journal line: a debit or a credit. */
enum Side implements WireName {
  DEBIT,
  CREDIT;

  static Side fromWire(String name) {
    return WireName.fromWire(Side.class, name);
  }

  Side opposite() {
    return this == DEBIT ? CREDIT : DEBIT;
  }
}
