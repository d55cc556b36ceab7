package com.shopifygenie.accounting;

import java.util.List;

/**
 * What each business event posts, as journal lines; an empty list when it moves no money. Plain
 * rules: the event handlers read the events and write the entries.
 */
final class Postings {

  private Postings() {}

  /** A payment taken: the cash came in for a sale. */
  static List<JournalLine> sale(long paid) {
    return paid == 0 ? List.of()
      : List.of(JournalLine.debit(Chart.CASH, paid), JournalLine.credit(Chart.SALES_REVENUE, paid));
  }

  /** Money given back for a sale. Restocked units come back with catalog's stock.adjusted (returned). */
  static List<JournalLine> refund(long refunded) {
    return refunded == 0 ? List.of()
      : List.of(JournalLine.debit(Chart.SALES_RETURNS, refunded), JournalLine.credit(Chart.CASH, refunded));
  }

  /**
   * A change of stock, at the unit cost catalog held as it moved: goods received are owed to the
   * supplier; goods sold (shipped) leave inventory for the cost of goods sold, and goods returned
   * come back out of it; goods damaged, counted short or corrected down are shrinkage, counted or
   * corrected up a recovery of it. Reservations and their releases move no goods and post nothing.
   */
  static List<JournalLine> stockAdjusted(String reason, int delta, long unitCost) {
    var value = Math.abs(cost(delta, unitCost));
    if (value == 0) {
      return List.of();
    }
    return switch (reason) {
      case "received" -> List.of(JournalLine.debit(Chart.INVENTORY, value), JournalLine.credit(Chart.ACCOUNTS_PAYABLE, value));
      case "sold", "returned" -> delta < 0
        ? List.of(JournalLine.debit(Chart.COST_OF_GOODS_SOLD, value), JournalLine.credit(Chart.INVENTORY, value))
        : List.of(JournalLine.debit(Chart.INVENTORY, value), JournalLine.credit(Chart.COST_OF_GOODS_SOLD, value));
      case "damaged", "counted", "correction" -> delta < 0
        ? List.of(JournalLine.debit(Chart.INVENTORY_SHRINKAGE, value), JournalLine.credit(Chart.INVENTORY, value))
        : List.of(JournalLine.debit(Chart.INVENTORY, value), JournalLine.credit(Chart.INVENTORY_SHRINKAGE, value));
      default -> List.of();
    };
  }

  /**
   * Stock on hand valued at a new unit cost: the difference moves between inventory and the cost of
   * goods sold, so a unit's cost of goods sold over its life (booked at one cost, sold at the
   * other) is the cost it was booked at, and inventory stays on hand times the current cost.
   */
  static List<JournalLine> revalued(int onHand, long previousUnitCost, long unitCost) {
    var difference = cost(onHand, Math.subtractExact(unitCost, previousUnitCost));
    if (difference == 0) {
      return List.of();
    }
    return difference > 0
      ? List.of(JournalLine.debit(Chart.INVENTORY, difference), JournalLine.credit(Chart.COST_OF_GOODS_SOLD, difference))
      : List.of(JournalLine.debit(Chart.COST_OF_GOODS_SOLD, -difference), JournalLine.credit(Chart.INVENTORY, -difference));
  }

  /** Units at a unit cost; an amount beyond a long is an error, never a wrapped number. */
  static long cost(long units, long unitCost) {
    return Math.multiplyExact(units, unitCost);
  }
}
