package com.shopifygenie.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reserving an order's lines: all of them or none. Pure; the inventory rows come locked. */
final class Reservation {

  /** What an order asks of one product. */
  record Line(UUID productId, String sku, int quantity) {}

  /** A line that cannot be served: how much was asked and how much is available. */
  record Shortfall(String sku, int requested, int available) {
    JsonObject toJson() {
      return new JsonObject().put("sku", sku).put("requested", requested).put("available", available);
    }
  }

  private Reservation() {}

  /** The order's lines from its event, one per product (an order may name a product twice). */
  static List<Line> lines(JsonArray orderLines) {
    var byProduct = new LinkedHashMap<UUID, Line>();
    for (var raw : orderLines) {
      var line = (JsonObject) raw;
      var productId = UUID.fromString(line.getString("product_id"));
      var quantity = line.getInteger("quantity");
      byProduct.merge(productId, new Line(productId, line.getString("sku"), quantity),
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
