package com.shopifygenie.orders;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An order as read back: header with what was paid and refunded, and (when loaded) its lines
 * and status history.
 */
record Order(UUID id, UUID customerId, OrderStatus status, String rejectionReason, long total, String currency,
             long paid, long refunded, OffsetDateTime createdAt, OffsetDateTime updatedAt, List<Line> lines,
             List<StatusChange> history) {

  /** A line with how many of its units shipped and how many of those came back refunded. */
  record Line(String sku, UUID productId, String title, int quantity, long unitPrice, long lineTotal,
              int shipped, int returned) {

    int unshipped() {
      return quantity - shipped;
    }
  }

  record StatusChange(OrderStatus from, OrderStatus to, String cause, OffsetDateTime at) {
    JsonObject toJson() {
      return new JsonObject().put("from", from == null ? null : from.wireName()).put("to", to.wireName())
        .put("cause", cause).put("at", Times.format(at));
    }
  }

  /**
   * A new order, pending, as it is taken: priced lines, nothing paid yet, its story begun; placed
   * at the time the database gives it as it takes it ({@link #placedAt}).
   */
  static Order taken(UUID id, UUID customerId, Pricing.PricedOrder priced) {
    var lines = priced.lines().stream().map(l -> new Line(l.sku(), l.productId(), l.title(), l.quantity(),
      l.unitPrice(), l.lineTotal(), 0, 0)).toList();
    return new Order(id, customerId, OrderStatus.PENDING, null, priced.total(), priced.currency(), 0, 0, null, null,
      lines, List.of(new StatusChange(null, OrderStatus.PENDING, "created", null)));
  }

  /** The order taken, at the time the database placed it. */
  Order placedAt(OffsetDateTime at) {
    return new Order(id, customerId, status, rejectionReason, total, currency, paid, refunded, at, at, lines,
      history.stream().map(change -> new StatusChange(change.from(), change.to(), change.cause(), at)).toList());
  }

  Order with(List<Line> lines) {
    return with(lines, history);
  }

  Order with(List<Line> lines, List<StatusChange> history) {
    return new Order(id, customerId, status, rejectionReason, total, currency, paid, refunded, createdAt, updatedAt,
      lines, history);
  }

  /** The order after a transition to this status. */
  Order withStatus(OrderStatus next) {
    return new Order(id, customerId, next, rejectionReason, total, currency, paid, refunded, createdAt, updatedAt,
      lines, history);
  }

  /** Units wait to ship (lines loaded): the order may be cancelled for them. */
  boolean cancellable() {
    return status.canCancel(fullyShipped(lines));
  }

  /** Every unit of every line has shipped. */
  static boolean fullyShipped(List<Line> lines) {
    return lines.stream().allMatch(l -> l.shipped() == l.quantity());
  }

  JsonObject toJson() {
    var json = new JsonObject().put("id", id.toString()).put("customer_id", customerId.toString())
      .put("status", status.wireName()).put("total", money(total)).put("paid", money(paid))
      .put("refunded", money(refunded))
      .put("created_at", Times.format(createdAt)).put("updated_at", Times.format(updatedAt));
    if (rejectionReason != null) {
      json.put("rejection_reason", rejectionReason);
    }
    if (lines != null) {
      var array = new JsonArray();
      lines.forEach(l -> array.add(new JsonObject().put("sku", l.sku()).put("product_id", l.productId().toString())
        .put("title", l.title()).put("quantity", l.quantity()).put("unit_price", money(l.unitPrice()))
        .put("line_total", money(l.lineTotal())).put("shipped_quantity", l.shipped())
        .put("returned_quantity", l.returned())));
      json.put("lines", array);
    }
    if (history != null) {
      var array = new JsonArray();
      history.forEach(h -> array.add(h.toJson()));
      json.put("status_history", array);
    }
    return json;
  }

  JsonObject money(long amount) {
    return new JsonObject().put("amount", amount).put("currency", currency);
  }
}
