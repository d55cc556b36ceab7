package com.shopifygenie.orders;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The orders domain on the event path: its name, the aggregates it publishes and their topic,
 * and the events it emits, shaped as schemas/events/shopifygenie.order.*.json and
 * shopifygenie.payment.*.json say. Payment events are about the order they pay: their subject is
 * the order id, so they keep their order with the order's own events per key. What it consumes:
 * {@link OrdersEventHandlers}.
 */
final class OrdersEvents {

  static final EventSource SOURCE = new EventSource("orders",
    Map.of("order", "order-events", "payment", "payment-events"));
  static final String DOMAIN = SOURCE.domain();

  private OrdersEvents() {}

  static DomainEvent created(Order order) {
    return SOURCE.event("order.created", order.id(), about(order).put("lines", pricedLines(order, order.lines()))
      .put("total", order.money(order.total())));
  }

  static DomainEvent confirmed(Order order) {
    return SOURCE.event("order.confirmed", order.id(), about(order));
  }

  static DomainEvent rejected(Order order, String reason) {
    return SOURCE.event("order.rejected", order.id(), about(order).put("reason", reason));
  }

  /**
   * The order as it was before the cancellation, and the units it releases: those that did not
   * ship (a shipped unit is never released; catalog releases what it still reserves).
   */
  static DomainEvent cancelled(Order before, List<Order.Line> lines) {
    var quantities = new JsonArray();
    lines.stream().filter(l -> l.unshipped() > 0)
      .forEach(l -> quantities.add(new JsonObject().put("sku", l.sku()).put("quantity", l.unshipped())));
    return SOURCE.event("order.cancelled", before.id(), about(before)
      .put("previous_status", before.status().wireName()).put("lines", quantities));
  }

  static DomainEvent paymentProcessed(Order order, Payment payment, List<Order.Line> lines) {
    return SOURCE.event("payment.processed", order.id(), payment(order, payment).put("lines", pricedLines(order, lines)));
  }

  static DomainEvent paymentFailed(Order order, Payment payment, boolean retryable) {
    return SOURCE.event("payment.failed", order.id(), payment(order, payment)
      .put("reason", payment.failureReason()).put("retryable", retryable));
  }

  /** One shipment: each line with its price and the unit cost catalog last told orders. */
  static DomainEvent shipped(Order order, Shipment shipment, List<Order.Line> lines, Map<UUID, Long> costs,
                             boolean fullyShipped) {
    var shippedLines = new JsonArray();
    for (var s : shipment.lines()) {
      var line = lines.stream().filter(l -> l.sku().equals(s.sku())).findFirst().orElseThrow();
      shippedLines.add(new JsonObject().put("sku", s.sku()).put("product_id", line.productId().toString())
        .put("quantity", s.quantity()).put("unit_price", order.money(line.unitPrice()))
        .put("unit_cost", order.money(costs.getOrDefault(line.productId(), 0L))));
    }
    return SOURCE.event("order.shipped", order.id(), about(order).put("shipment_id", shipment.id().toString())
      .put("carrier", shipment.carrier()).put("tracking_number", shipment.trackingNumber()).put("lines", shippedLines)
      .put("fully_shipped", fullyShipped));
  }

  static DomainEvent delivered(Order order, UUID shipmentId) {
    return SOURCE.event("order.delivered", order.id(), about(order).put("shipment_id", shipmentId.toString()));
  }

  /** @param after the order with this refund counted in its refunded total */
  static DomainEvent refunded(Order after, Refund refund, Map<UUID, Long> costs) {
    var lines = new JsonArray();
    refund.lines().forEach(l -> lines.add(new JsonObject().put("sku", l.sku()).put("product_id", l.productId().toString())
      .put("quantity", l.quantity()).put("restock", l.restock()).put("amount", l.amount())
      .put("unit_cost", after.money(costs.getOrDefault(l.productId(), 0L)))));
    return SOURCE.event("order.refunded", after.id(), about(after).put("refund_id", refund.id().toString())
      .put("payment_id", refund.paymentId().toString()).put("amount", refund.amount()).put("currency", refund.currency())
      .put("paid_amount", after.paid()).put("refunded_total", after.refunded()).put("reason", refund.reason())
      .put("cause", refund.cause()).put("lines", lines));
  }

  private static JsonObject payment(Order order, Payment payment) {
    return about(order).put("payment_id", payment.id().toString()).put("amount", payment.amount())
      .put("currency", payment.currency()).put("provider", payment.provider()).put("method", payment.method().toJson());
  }

  private static JsonArray pricedLines(Order order, List<Order.Line> lines) {
    var array = new JsonArray();
    lines.forEach(l -> array.add(new JsonObject().put("sku", l.sku()).put("product_id", l.productId().toString())
      .put("quantity", l.quantity()).put("unit_price", order.money(l.unitPrice()))));
    return array;
  }

  private static JsonObject about(Order order) {
    return new JsonObject().put("order_id", order.id().toString()).put("customer_id", order.customerId().toString());
  }
}
