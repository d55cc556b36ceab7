package com.shopifygenie.analytics;

import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A paid order as analytics counts it: on the shop's day of the payment, its amount (zero when paid
 * in another currency than the shop's, so not priced), its units, and per product (in id order, the
 * order every multi-row lock is taken in) the units and the revenue of its lines.
 */
record Sale(UUID orderId, UUID customerId, LocalDate day, long revenue, boolean priced, long units, List<ProductLine> lines) {

  record ProductLine(UUID productId, long units, long revenue) {}

  static Sale fromPayment(JsonObject data, LocalDate day, String shopCurrency) {
    var inShopCurrency = shopCurrency.equals(data.getString("currency"));
    var byProduct = new TreeMap<UUID, long[]>();
    long units = 0;
    for (var line : data.getJsonArray("lines")) {
      var l = (JsonObject) line;
      var quantity = l.getLong("quantity");
      var price = l.getJsonObject("unit_price");
      var revenue = inShopCurrency && shopCurrency.equals(price.getString("currency")) ? quantity * price.getLong("amount") : 0;
      var sums = byProduct.computeIfAbsent(UUID.fromString(l.getString("product_id")), id -> new long[2]);
      sums[0] += quantity;
      sums[1] += revenue;
      units += quantity;
    }
    var lines = byProduct.entrySet().stream().map(e -> new ProductLine(e.getKey(), e.getValue()[0], e.getValue()[1]))
      .toList();
    return new Sale(UUID.fromString(data.getString("order_id")), UUID.fromString(data.getString("customer_id")), day,
      inShopCurrency ? data.getLong("amount") : 0, inShopCurrency, units, lines);
  }

  UUID[] productIds() {
    return lines.stream().map(ProductLine::productId).toArray(UUID[]::new);
  }

  Long[] unitsByProduct() {
    return lines.stream().map(ProductLine::units).toArray(Long[]::new);
  }

  Long[] revenueByProduct() {
    return lines.stream().map(ProductLine::revenue).toArray(Long[]::new);
  }

  /** Every ordered pair of distinct products of the basket, sorted by the first then the second. */
  UUID[][] pairs() {
    var ids = productIds();
    var firsts = new UUID[ids.length * (ids.length - 1)];
    var seconds = new UUID[firsts.length];
    var i = 0;
    for (var a : ids) {
      for (var b : ids) {
        if (!a.equals(b)) {
          firsts[i] = a;
          seconds[i++] = b;
        }
      }
    }
    return new UUID[][] {firsts, seconds};
  }

}
