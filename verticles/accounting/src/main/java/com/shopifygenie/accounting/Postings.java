package com.shopifygenie.accounting;

import java.util.ArrayList;
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

  /** Goods shipped: their cost leaves inventory and becomes the cost of the sale. */
  static List<JournalLine> costOfSale(long cost) {
    return cost == 0 ? List.of()
      : List.of(JournalLine.debit(Chart.COST_OF_GOODS_SOLD, cost), JournalLine.credit(Chart.INVENTORY, cost));
  }

  /**
   * Money given back, and the cost of restocked units taken back into inventory out of the cost of
   * goods sold (they were not sold after all).
   */
  static List<JournalLine> refund(long refunded, long restockedCost) {
    var lines = new ArrayList<JournalLine>();
    if (refunded > 0) {
      lines.add(JournalLine.debit(Chart.SALES_RETURNS, refunded));
      lines.add(JournalLine.credit(Chart.CASH, refunded));
    }
    if (restockedCost > 0) {
      lines.add(JournalLine.debit(Chart.INVENTORY, restockedCost));
      lines.add(JournalLine.credit(Chart.COST_OF_GOODS_SOLD, restockedCost));
    }
    return lines;
  }

  /**
   * A change of stock catalog made by hand, at the unit cost: goods received are owed to the
   * supplier; goods damaged, counted short or corrected down are shrinkage, counted or corrected
   * up a recovery of it. Reservations move no goods, and sales and returns post from the order's
   * events: those post nothing here.
   */
  static List<JournalLine> stockAdjusted(String reason, int delta, long unitCost) {
    var value = Math.abs(cost(delta, unitCost));
    if (value == 0) {
      return List.of();
    }
    return switch (reason) {
      case "received" -> List.of(JournalLine.debit(Chart.INVENTORY, value), JournalLine.credit(Chart.ACCOUNTS_PAYABLE, value));
      case "damaged", "counted", "correction" -> delta < 0
        ? List.of(JournalLine.debit(Chart.INVENTORY_SHRINKAGE, value), JournalLine.credit(Chart.INVENTORY, value))
        : List.of(JournalLine.debit(Chart.INVENTORY, value), JournalLine.credit(Chart.INVENTORY_SHRINKAGE, value));
      default -> List.of();
    };
  }

  /** Units at a unit cost; an amount beyond a long is an error, never a wrapped number. */
  static long cost(long units, long unitCost) {
    return Math.multiplyExact(units, unitCost);
  }
}
