package com.shopifygenie.orders;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Money that went back to the customer through the payment's provider: for lines (their units
 * restocked or not) or as an amount alone; by staff (cause refund) or by cancelling a paid order
 * (cause cancellation).
 */
record Refund(UUID id, UUID orderId, UUID paymentId, long amount, String currency, String reason, String cause,
              List<Line> lines, OffsetDateTime createdAt) {

  static final String REFUND = "refund";
  static final String CANCELLATION = "cancellation";

  record Line(String sku, UUID productId, int quantity, boolean restock, long amount) {}

  JsonObject toJson() {
    var array = new JsonArray();
    lines.forEach(l -> array.add(new JsonObject().put("sku", l.sku()).put("quantity", l.quantity())
      .put("restock", l.restock()).put("amount", money(l.amount()))));
    return new JsonObject().put("id", id.toString()).put("order_id", orderId.toString())
      .put("payment_id", paymentId.toString()).put("amount", money(amount)).put("reason", reason).put("cause", cause)
      .put("lines", array).put("created_at", Times.format(createdAt));
  }

  private JsonObject money(long value) {
    return new JsonObject().put("amount", value).put("currency", currency);
  }
}
