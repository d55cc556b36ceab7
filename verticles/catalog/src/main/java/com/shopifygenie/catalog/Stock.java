package com.shopifygenie.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A product's inventory: what is on hand, how much of it is held for orders, and when to
 * reorder, with the product's unit cost (what a unit of it is worth in the books). Plain rules:
 * the store locks and maps the row, this decides, the operations answer.
 */
record Stock(UUID productId, String sku, Money unitCost, int onHand, int reserved, int reorderPoint,
             int reorderQuantity, OffsetDateTime updatedAt) {

  int available() {
    return onHand - reserved;
  }

  boolean isLow() {
    return available() <= reorderPoint;
  }

  /** The most units a product's stock holds: the database's integer. */
  static final int MOST_UNITS = Integer.MAX_VALUE;

  /** Whether the change keeps on_hand &gt;= reserved &gt;= 0, and on_hand within {@link #MOST_UNITS}. */
  boolean allows(StockChange change) {
    long nextReserved = (long) reserved + change.reservedDelta();
    return nextReserved >= 0 && onHandAfter(change) >= nextReserved && !overflows(change);
  }

  /** Whether the change would take on hand past {@link #MOST_UNITS}. */
  boolean overflows(StockChange change) {
    return onHandAfter(change) > MOST_UNITS;
  }

  /** On hand after the change, in a long: two ints' sum may not fit an int. */
  long onHandAfter(StockChange change) {
    return (long) onHand + change.delta();
  }

  /** Whether the change's units at the unit cost are worth more than an amount holds (the books post them). */
  boolean outvalues(StockChange change) {
    try {
      Math.multiplyExact(Math.abs((long) change.delta()), unitCost.amount());
      return false;
    } catch (ArithmeticException tooMuch) {
      return true;
    }
  }

  /** The stock after a change it {@link #allows}. */
  Stock after(StockChange change) {
    if (!allows(change)) {
      throw new IllegalArgumentException(sku + " cannot take " + change + " with " + onHand + " on hand, "
        + reserved + " reserved");
    }
    return new Stock(productId, sku, unitCost, onHand + change.delta(), reserved + change.reservedDelta(), reorderPoint,
      reorderQuantity, updatedAt);
  }

  Stock at(OffsetDateTime time) {
    return new Stock(productId, sku, unitCost, onHand, reserved, reorderPoint, reorderQuantity, time);
  }

  /**
   * True when this change takes available stock from above the reorder point to at or below it:
   * one alert per crossing, however many changes happen while it stays low.
   */
  boolean crossesReorderPoint(Stock after) {
    return !isLow() && after.isLow();
  }
}
