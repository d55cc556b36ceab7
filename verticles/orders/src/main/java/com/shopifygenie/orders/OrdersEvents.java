package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The orders domain on the event path: its name, the aggregates it publishes and their topic,
 * and the events it emits, shaped as schemas/events/shopifygenie.order.*.json say. What it
 * consumes: {@link OrdersEventHandlers}.
 */
final class OrdersEvents {

  static final EventSource SOURCE = new EventSource("orders", Map.of("order", "order-events"));
  static final String DOMAIN = SOURCE.domain();

  private OrdersEvents() {}

  static DomainEvent created(Order order) {
    var lines = new JsonArray();
    order.lines().forEach(l -> lines.add(new JsonObject().put("sku", l.sku()).put("product_id", l.productId().toString())
      .put("quantity", l.quantity()).put("unit_price", order.money(l.unitPrice()))));
    return SOURCE.event("order.created", order.id(), about(order).put("lines", lines).put("total", order.money(order.total())));
  }

  static DomainEvent confirmed(Order order) {
    return SOURCE.event("order.confirmed", order.id(), about(order));
  }

  static DomainEvent rejected(Order order, String reason) {
    return SOURCE.event("order.rejected", order.id(), about(order).put("reason", reason));
  }

  /** The order as it was before the cancellation, and what it held. */
  static DomainEvent cancelled(Order before, List<Pricing.PricedLine> lines) {
    var quantities = new JsonArray();
    lines.forEach(l -> quantities.add(new JsonObject().put("sku", l.sku()).put("quantity", l.quantity())));
    return SOURCE.event("order.cancelled", before.id(), about(before)
      .put("previous_status", before.status().wireName()).put("lines", quantities));
  }

  private static JsonObject about(Order order) {
    return new JsonObject().put("order_id", order.id().toString()).put("customer_id", order.customerId().toString());
  }
}
