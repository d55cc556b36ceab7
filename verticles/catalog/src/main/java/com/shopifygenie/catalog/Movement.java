package com.shopifygenie.catalog;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the stock ledger, with the figures after it. seq is its place in its product's
 * ledger, xidMark its place in the whole ledger (db/catalog/V4__ledger_order.sql); neither is shown.
 */
record Movement(UUID id, UUID productId, String sku, int delta, int reservedDelta, String reason, String note,
                UUID orderId, int onHand, int reserved, OffsetDateTime createdAt, long seq, long xidMark) {

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("product_id", productId.toString()).put("sku", sku)
      .put("delta", delta).put("reserved_delta", reservedDelta).put("reason", reason).put("note", note)
      .put("order_id", orderId == null ? null : orderId.toString()).put("on_hand", onHand).put("reserved", reserved)
      .put("available", onHand - reserved).put("created_at", Times.format(createdAt));
  }
}
