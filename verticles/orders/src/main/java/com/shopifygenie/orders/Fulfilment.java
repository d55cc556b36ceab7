package com.shopifygenie.orders;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Which units a shipment may take: the order's own lines, never more than ordered minus shipped. No I/O. */
final class Fulfilment {

  private Fulfilment() {}

  /** The requested lines, checked against the order's; a line that asks too much is a {@link Refusal}. */
  static List<Shipment.Line> plan(List<Order.Line> order, List<Shipment.Line> requested) {
    var seen = new HashSet<String>();
    var planned = new ArrayList<Shipment.Line>(requested.size());
    for (int i = 0; i < requested.size(); i++) {
      var line = requested.get(i);
      var ordered = Refunds.lineOf(order, line.sku(), i, seen);
      if (line.quantity() > ordered.unshipped()) {
        throw Refusal.conflict("/lines/" + i + "/quantity", "unshipped", "Only " + ordered.unshipped() + " of "
          + ordered.quantity() + " " + line.sku() + " are still to ship");
      }
      planned.add(line);
    }
    return planned;
  }
}
