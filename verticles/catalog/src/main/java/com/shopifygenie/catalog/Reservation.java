package com.shopifygenie.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reserving an order's lines: all of them or none. Plain rules; the inventory rows come locked. */
final class Reservation {

  /** What an order asks of one product. */
  record Line(UUID productId, String sku, int quantity) {}

  /** A line that cannot be served: how much was asked and how much is available. */
  record Shortfall(String sku, int requested, int available) {}

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

  /** The lines the stock cannot serve; an unknown product has nothing available. Empty: reserve them all. */
  static List<Shortfall> shortfalls(List<Line> lines, Map<UUID, Stock> stock) {
    var shortfalls = new ArrayList<Shortfall>();
    for (var line : lines) {
      var found = stock.get(line.productId());
      var available = found == null ? 0 : found.available();
      if (available < line.quantity()) {
        shortfalls.add(new Shortfall(line.sku(), line.quantity(), Math.max(0, available)));
      }
    }
    return shortfalls;
  }
}
