package com.shopifygenie.orders;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a refund may give back: shipped units at the price paid for them, never more than was paid
 * minus what went back already. Units that never shipped are refunded only by cancelling the
 * order, which also releases their stock; so a refund that would return everything paid while
 * units still wait to ship is refused. No I/O.
 */
final class Refunds {

  record Requested(String sku, int quantity, boolean restock) {}

  private Refunds() {}

  /** A refund of lines: each at its unit price; only units that shipped and were not returned yet. */
  static List<Refund.Line> byLines(List<Order.Line> order, List<Requested> requested) {
    var seen = new HashSet<String>();
    var lines = new ArrayList<Refund.Line>(requested.size());
    for (int i = 0; i < requested.size(); i++) {
      var wanted = requested.get(i);
      var line = lineOf(order, wanted.sku(), i, seen);
      var returnable = line.shipped() - line.returned();
      if (wanted.quantity() > returnable) {
        throw Refusal.conflict("/lines/" + i + "/quantity", "returnable", returnable + " of " + line.quantity() + " "
          + line.sku() + " shipped and were not refunded yet: only shipped units are refunded by line; cancel the "
          + "order for units that did not ship");
      }
      lines.add(new Refund.Line(line.sku(), line.productId(), wanted.quantity(), wanted.restock(),
        Math.multiplyExact(line.unitPrice(), (long) wanted.quantity())));
    }
    return lines;
  }

  static long total(List<Refund.Line> lines) {
    return lines.stream().mapToLong(Refund.Line::amount).reduce(0, Math::addExact);
  }

  /** A refund of {@code amount} keeps within what was paid and leaves what is still to ship paid for. */
  static void check(Order order, List<Order.Line> lines, long amount, String field) {
    var refundable = order.paid() - order.refunded();
    if (amount > refundable) {
      throw Refusal.conflict(field, "refundable", "Only " + refundable + " of the " + order.paid()
        + " paid can still be refunded");
    }
    if (amount == refundable && order.status().canShip() && !Order.fullyShipped(lines)) {
      throw Refusal.conflict(field, "refundable", "A refund of everything paid would leave units waiting to ship "
        + "unpaid: cancel the order instead");
    }
  }

  /**
   * What cancelling a paid order gives back: the units that did not ship, at their price, up to
   * what is still refundable. They never left the shelf, so none is restocked: catalog releases
   * their reservation when it sees the cancellation.
   */
  static List<Refund.Line> cancellation(Order order, List<Order.Line> lines) {
    var left = order.paid() - order.refunded();
    var refunded = new ArrayList<Refund.Line>();
    for (var line : lines) {
      if (line.unshipped() > 0) {
        var amount = Math.min(left, Math.multiplyExact(line.unitPrice(), (long) line.unshipped()));
        left -= amount;
        refunded.add(new Refund.Line(line.sku(), line.productId(), line.unshipped(), false, amount));
      }
    }
    return refunded;
  }

  /** The order's line of a sku named at index i of a request, each sku once. */
  static Order.Line lineOf(List<Order.Line> order, String sku, int i, Set<String> seen) {
    if (!seen.add(sku)) {
      throw new Refusal("/lines/" + i + "/sku", "unique", "The sku " + sku + " appears on more than one line");
    }
    return order.stream().filter(l -> l.sku().equals(sku)).findFirst()
      .orElseThrow(() -> new Refusal("/lines/" + i + "/sku", "order-line", "The order has no line of sku " + sku));
  }
}
