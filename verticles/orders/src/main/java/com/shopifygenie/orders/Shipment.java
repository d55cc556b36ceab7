package com.shopifygenie.orders;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Units of an order that left together, with the carrier's tracking number. */
record Shipment(UUID id, UUID orderId, ShipmentStatus status, String carrier, String trackingNumber, List<Line> lines,
                OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  record Line(String sku, int quantity) {}

  JsonObject toJson() {
    var array = new JsonArray();
    lines.forEach(l -> array.add(new JsonObject().put("sku", l.sku()).put("quantity", l.quantity())));
    return new JsonObject().put("id", id.toString()).put("order_id", orderId.toString()).put("status", status.wireName())
      .put("carrier", carrier).put("tracking_number", trackingNumber).put("lines", array)
      .put("created_at", Times.format(createdAt)).put("updated_at", Times.format(updatedAt));
  }
}
