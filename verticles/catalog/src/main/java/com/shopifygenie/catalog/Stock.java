package com.shopifygenie.catalog;

import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A product's inventory: what is on hand, how much of it is held for orders, and when to
 * reorder. Pure: the store locks the row, this decides, the store writes the result.
 */
record Stock(UUID productId, String sku, int onHand, int reserved, int reorderPoint, int reorderQuantity,
             OffsetDateTime updatedAt) {

  static Stock from(Row row) {
    return new Stock(row.getUUID("product_id"), row.getString("sku"), row.getInteger("on_hand"),
      row.getInteger("reserved"), row.getInteger("reorder_point"), row.getInteger("reorder_quantity"),
      row.getOffsetDateTime("updated_at"));
  }

  int available() {
    return onHand - reserved;
  }

  boolean isLow() {
    return available() <= reorderPoint;
  }

  /** The stock after a change; fails with 409 insufficient-stock when it would break on_hand >= reserved >= 0. */
  Stock after(StockChange change) {
    var nextOnHand = onHand + change.delta();
    var nextReserved = reserved + change.reservedDelta();
    if (nextReserved < 0 || nextOnHand < nextReserved) {
      throw insufficient(sku, "on hand would be " + nextOnHand + " with " + nextReserved + " reserved");
    }
    return new Stock(productId, sku, nextOnHand, nextReserved, reorderPoint, reorderQuantity, updatedAt);
  }

  Stock at(OffsetDateTime time) {
    return new Stock(productId, sku, onHand, reserved, reorderPoint, reorderQuantity, time);
  }

  /**
   * True when this change takes available stock from above the reorder point to at or below it:
   * one alert per crossing, however many changes happen while it stays low.
   */
  boolean crossesReorderPoint(Stock after) {
    return !isLow() && after.isLow();
  }

  static Problem insufficient(String sku, String detail) {
    return Problem.of(409, "insufficient-stock", "Insufficient stock", "Not enough stock of " + sku + ": " + detail);
  }

  JsonObject toJson() {
    return new JsonObject().put("product_id", productId.toString()).put("sku", sku).put("on_hand", onHand)
      .put("reserved", reserved).put("available", available()).put("reorder_point", reorderPoint)
      .put("reorder_quantity", reorderQuantity).put("updated_at", Times.format(updatedAt));
  }
}
