package com.shopifygenie.catalog;

/** One movement's effect: the change of on hand and of reserved, and why (the ledger's reason). */
record StockChange(int delta, int reservedDelta, String reason) {

  static StockChange reserve(int quantity) {
    return new StockChange(0, quantity, "reserved");
  }

  static StockChange release(int quantity) {
    return new StockChange(0, -quantity, "released");
  }
}
