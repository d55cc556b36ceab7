package com.shopifygenie.orders;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One attempt to pay an order's total: succeeded, or failed with the provider's reason. */
record Payment(UUID id, UUID orderId, String provider, String reference, boolean succeeded, String failureReason,
               long amount, String currency, PaymentMethod method, OffsetDateTime createdAt) {

  JsonObject toJson() {
    var json = new JsonObject().put("id", id.toString()).put("order_id", orderId.toString()).put("provider", provider)
      .put("status", succeeded ? "succeeded" : "failed")
      .put("amount", new JsonObject().put("amount", amount).put("currency", currency))
      .put("method", method.toJson()).put("created_at", Times.format(createdAt));
    if (failureReason != null) {
      json.put("failure_reason", failureReason);
    }
    return json;
  }
}
