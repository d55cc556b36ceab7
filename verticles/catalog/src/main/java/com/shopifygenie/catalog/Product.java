package com.shopifygenie.catalog;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A product as stored. Its version is its ETag. */
record Product(UUID id, String sku, String title, String description, Money price, Money unitCost,
               ProductStatus status, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** The strong entity tag of this version (RFC 9110 §8.8.3). */
  String etag() {
    return etagOf(version);
  }

  static String etagOf(int version) {
    return "\"" + version + "\"";
  }

  /** What staff see; customers get {@link #toCustomerJson()}, without the cost. */
  JsonObject toJson() {
    return toCustomerJson().put("unit_cost", unitCost.toJson());
  }

  JsonObject toCustomerJson() {
    return new JsonObject().put("id", id.toString()).put("sku", sku).put("title", title)
      .put("description", description).put("price", price.toJson()).put("status", status.wireName())
      .put("version", version).put("created_at", Times.format(createdAt)).put("updated_at", Times.format(updatedAt));
  }
}
