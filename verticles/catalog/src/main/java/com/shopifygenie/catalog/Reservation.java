package com.shopifygenie.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Reserving an order's lines: all of them or none. Plain rules; the inventory rows come locked. */
final class Reservation {

  /** What an order asks of one product. */
  record Line(UUID productId, String sku, int quantity) {}

  /**
   * A line that cannot be served: how much was asked and how much is available; a product not on
   * sale (draft or archived) has nothing available, whatever it has in stock.
   */
  record Shortfall(String sku, int requested, int available, boolean onSale) {
    Shortfall(String sku, int requested, int available) {
      this(sku, requested, available, true);
    }
  }

  private Reservation() {}

  /** One line per product: an order may name a product twice, and asks for the sum. */
  static List<Line> perProduct(List<Line> lines) {
    var byProduct = new LinkedHashMap<UUID, Line>();
    for (var line : lines) {
      byProduct.merge(line.productId(), line,
        (a, b) -> new Line(a.productId(), a.sku(), a.quantity() + b.quantity()));
    }
    return new ArrayList<>(byProduct.values());
  }

  /**
   * The lines the stock cannot serve; an unknown product has nothing available, nor has one not on
   * sale. Empty: reserve them all.
   */
  static List<Shortfall> shortfalls(List<Line> lines, Map<UUID, Stock> stock, Set<UUID> notOnSale) {
    var shortfalls = new ArrayList<Shortfall>();
    for (var line : lines) {
      if (notOnSale.contains(line.productId())) {
        shortfalls.add(new Shortfall(line.sku(), line.quantity(), 0, false));
        continue;
      }
      var found = stock.get(line.productId());
      var available = found == null ? 0 : found.available();
      if (available < line.quantity()) {
        shortfalls.add(new Shortfall(line.sku(), line.quantity(), Math.max(0, available)));
      }
    }
    return shortfalls;
  }
}
