package com.shopifygenie.catalog;

import com.shopifygenie.platform.WireName;

/**
 * What staff record against stock, and how each reads its quantity: goods received and damaged
 * are counts (&gt; 0), a stock count is the new on hand (&gt;= 0), a correction is a signed delta (&ne; 0).
 */
enum AdjustmentKind implements WireName {
  RECEIVED("exclusiveMinimum", "goods received are counted: more than 0"),
  DAMAGED("exclusiveMinimum", "goods damaged are counted: more than 0"),
  COUNTED("minimum", "a count is the new on hand: 0 or more"),
  CORRECTION("not", "a correction is a signed delta other than 0");

  /** The JSON Schema keyword a quantity this kind refuses breaks, and what it should be. */
  final String quantityRule;
  final String quantityMeaning;

  AdjustmentKind(String quantityRule, String quantityMeaning) {
    this.quantityRule = quantityRule;
    this.quantityMeaning = quantityMeaning;
  }

  static AdjustmentKind fromWire(String name) {
    return WireName.fromWire(AdjustmentKind.class, name);
  }

  boolean accepts(int quantity) {
    return switch (this) {
      case RECEIVED, DAMAGED -> quantity > 0;
      case COUNTED -> quantity >= 0;
      case CORRECTION -> quantity != 0;
    };
  }

  /** The change an accepted quantity makes to the given stock. */
  StockChange change(int quantity, Stock stock) {
    return switch (this) {
      case RECEIVED -> new StockChange(quantity, 0, wireName());
      case DAMAGED -> new StockChange(-quantity, 0, wireName());
      case COUNTED -> new StockChange(quantity - stock.onHand(), 0, wireName());
      case CORRECTION -> new StockChange(quantity, 0, wireName());
    };
  }
}
