package com.shopifygenie.orders;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Prices an order from the price list, server side: a client never sends a price. Pure logic
 * with plain types; money in minor units with overflow checked.
 */
final class Pricing {

  /** What the price list says about a sku. */
  record ListedProduct(String sku, UUID productId, String title, long price, String currency, String status) {}

  record RequestedLine(String sku, int quantity) {}

  record PricedLine(String sku, UUID productId, String title, int quantity, long unitPrice, long lineTotal) {}

  record PricedOrder(List<PricedLine> lines, long total, String currency) {}

  private Pricing() {}

  static PricedOrder price(List<RequestedLine> requested, Map<String, ListedProduct> priceList) {
    var seen = new HashSet<String>();
    var lines = new ArrayList<PricedLine>(requested.size());
    String currency = null;
    long total = 0;
    for (int i = 0; i < requested.size(); i++) {
      var line = requested.get(i);
      var field = "/lines/" + i + "/sku";
      if (!seen.add(line.sku())) {
        throw new Refusal(field, "unique", "The sku " + line.sku() + " appears on more than one line");
      }
      var product = priceList.get(line.sku());
      if (product == null || !"active".equals(product.status())) {
        throw new Refusal(field, "known-sku", "No product with sku " + line.sku() + " is for sale");
      }
      if (currency != null && !currency.equals(product.currency())) {
        throw new Refusal(field, "currency", "An order is in one currency; " + line.sku() + " is priced in "
          + product.currency() + ", not " + currency);
      }
      currency = product.currency();
      var lineTotal = Math.multiplyExact(product.price(), (long) line.quantity());
      total = Math.addExact(total, lineTotal);
      lines.add(new PricedLine(line.sku(), product.productId(), product.title(), line.quantity(), product.price(), lineTotal));
    }
    return new PricedOrder(lines, total, currency);
  }
}
