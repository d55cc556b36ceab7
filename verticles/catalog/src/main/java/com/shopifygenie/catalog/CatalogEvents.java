package com.shopifygenie.catalog;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The catalog on the event path: its name, the aggregates it publishes and their topic, and the
 * events it emits, shaped as schemas/events/shopifygenie.{product,stock}.*.json say. What it
 * consumes: {@link CatalogEventHandlers}.
 */
final class CatalogEvents {

  static final EventSource SOURCE = new EventSource("catalog",
    Map.of("product", "catalog-events", "stock", "inventory-events"));
  static final String DOMAIN = SOURCE.domain();

  private CatalogEvents() {}

  /** A new product with its inventory as created (nothing on hand) and when to reorder it. */
  static DomainEvent productCreated(Product product, Stock stock) {
    return SOURCE.event("product.created", product.id(), product(product)
      .put("reorder_point", stock.reorderPoint()).put("reorder_quantity", stock.reorderQuantity()));
  }

  static DomainEvent productUpdated(Product product) {
    return SOURCE.event("product.updated", product.id(), product(product));
  }

  private static JsonObject product(Product product) {
    return new JsonObject().put("product_id", product.id().toString()).put("sku", product.sku())
      .put("title", product.title()).put("status", product.status().wireName()).put("price", product.price().toJson())
      .put("unit_cost", product.unitCost().toJson());
  }

  /**
   * Every change of a product's stock, with the figures after it (the reorder point too, so a
   * consumer tells low from not low from any one of them) and the unit cost the books value it at;
   * orderId when an order caused it.
   */
  static DomainEvent stockAdjusted(Stock after, StockChange change, UUID orderId) {
    var data = new JsonObject().put("product_id", after.productId().toString()).put("sku", after.sku())
      .put("delta", change.delta()).put("reserved_delta", change.reservedDelta()).put("reason", change.reason());
    if (orderId != null) {
      data.put("order_id", orderId.toString());
    }
    data.put("on_hand", after.onHand()).put("reserved", after.reserved()).put("available", after.available())
      .put("reorder_point", after.reorderPoint()).put("unit_cost", after.unitCost().toJson());
    return SOURCE.event("stock.adjusted", after.productId(), data);
  }

  /** Stock on hand valued at a new unit cost (the stock as read under the cost change's lock). */
  static DomainEvent stockRevalued(Stock stock, Money previousUnitCost) {
    return SOURCE.event("stock.revalued", stock.productId(), new JsonObject()
      .put("product_id", stock.productId().toString()).put("sku", stock.sku()).put("on_hand", stock.onHand())
      .put("previous_unit_cost", previousUnitCost.toJson()).put("unit_cost", stock.unitCost().toJson()));
  }

  static DomainEvent stockLow(Stock after) {
    return SOURCE.event("stock.low", after.productId(), new JsonObject()
      .put("product_id", after.productId().toString()).put("sku", after.sku()).put("available", after.available())
      .put("reorder_point", after.reorderPoint()).put("reorder_quantity", after.reorderQuantity()));
  }

  /**
   * New reorder settings, with what is available: lowering the point takes a product off the
   * low-stock list, and no other event would say so (stock.low tells only of a crossing downwards).
   */
  static DomainEvent reorderSettingsChanged(Stock after) {
    return SOURCE.event("stock.reorder_settings_changed", after.productId(), new JsonObject()
      .put("product_id", after.productId().toString()).put("sku", after.sku()).put("available", after.available())
      .put("reorder_point", after.reorderPoint()).put("reorder_quantity", after.reorderQuantity()));
  }

  static DomainEvent stockReserved(UUID orderId, List<Reservation.Line> reserved) {
    var lines = new JsonArray();
    reserved.forEach(line -> lines.add(new JsonObject().put("sku", line.sku()).put("quantity", line.quantity())));
    return SOURCE.event("stock.reserved", orderId, new JsonObject().put("order_id", orderId.toString()).put("lines", lines));
  }

  /**
   * Why nothing of the order was reserved: the products not on sale (archived or draft) first, then
   * those short of stock; orders keeps the reason as the order's rejection_reason.
   */
  static DomainEvent stockReservationFailed(UUID orderId, List<Reservation.Shortfall> shortfalls) {
    var lines = new JsonArray();
    shortfalls.forEach(s -> lines.add(new JsonObject().put("sku", s.sku()).put("requested", s.requested())
      .put("available", s.available())));
    var notOnSale = shortfalls.stream().filter(s -> !s.onSale()).map(Reservation.Shortfall::sku).toList();
    var shortOfStock = shortfalls.stream().filter(Reservation.Shortfall::onSale).map(Reservation.Shortfall::sku).toList();
    var reasons = new ArrayList<String>();
    if (!notOnSale.isEmpty()) {
      reasons.add("Not on sale: " + String.join(", ", notOnSale));
    }
    if (!shortOfStock.isEmpty()) {
      reasons.add((reasons.isEmpty() ? "Insufficient" : "insufficient") + " stock of " + String.join(", ", shortOfStock));
    }
    return SOURCE.event("stock.reservation_failed", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("reason", String.join("; ", reasons)).put("lines", lines));
  }
}
