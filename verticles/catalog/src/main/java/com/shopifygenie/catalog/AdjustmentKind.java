package com.shopifygenie.catalog;

import com.shopifygenie.platform.Problem;

import java.util.Locale;

/**
 * What staff record against stock, and how each reads its quantity: goods received and damaged
 * are counts (&gt; 0), a stock count is the new on hand (&gt;= 0), a correction is a signed delta (&ne; 0).
 */
enum AdjustmentKind {
  RECEIVED, DAMAGED, COUNTED, CORRECTION;

  static AdjustmentKind fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The change this adjustment makes to the given stock; a 400 problem when the quantity makes no sense for the kind. */
  StockChange change(int quantity, Stock stock) {
    return switch (this) {
      case RECEIVED -> new StockChange(positive(quantity), 0, wireName());
      case DAMAGED -> new StockChange(-positive(quantity), 0, wireName());
      case COUNTED -> {
        if (quantity < 0) {
          throw Problem.validation("/quantity", "minimum", "A count is the new on hand: 0 or more");
        }
        yield new StockChange(quantity - stock.onHand(), 0, wireName());
      }
      case CORRECTION -> {
        if (quantity == 0) {
          throw Problem.validation("/quantity", "not", "A correction is a signed delta other than 0");
        }
        yield new StockChange(quantity, 0, wireName());
      }
    };
  }

  private int positive(int quantity) {
    if (quantity <= 0) {
      throw Problem.validation("/quantity", "exclusiveMinimum", "The quantity " + wireName() + " must be more than 0");
    }
    return quantity;
  }
}
