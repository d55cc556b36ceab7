package com.shopifygenie.catalog;

/** One movement's effect: the change of on hand and of reserved, and why (the ledger's reason). */
record StockChange(int delta, int reservedDelta, String reason) {

  static StockChange reserve(int quantity) {
    return new StockChange(0, quantity, "reserved");
  }

  static StockChange release(int quantity) {
    return new StockChange(0, -quantity, "released");
  }

  /** Units that left as a sale: out of on hand, and out of reserved for the part the order held. */
  static StockChange sell(int quantity, int heldForTheOrder) {
    return new StockChange(-quantity, -Math.min(quantity, heldForTheOrder), "sold");
  }

  /** Units a refund brought back to the shelf. */
  static StockChange returned(int quantity) {
    return new StockChange(quantity, 0, "returned");
  }
}
