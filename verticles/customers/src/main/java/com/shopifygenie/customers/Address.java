package com.shopifygenie.customers;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A customer's postal address; at most one of a customer's is the default for shipping, one for billing. */
record Address(UUID id, UUID customerId, String name, String line1, String line2, String city, String region,
               String postalCode, String country, String phone, boolean defaultShipping, boolean defaultBilling,
               OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  /** A new address from the contract's NewAddress. */
  static Address from(UUID id, UUID customerId, JsonObject body) {
    return new Address(id, customerId, null, null, null, null, null, null, null, null, false, false, null, null)
      .merged(body);
  }

  /** This address with the fields a change names; a null clears an optional field. */
  Address merged(JsonObject change) {
    return new Address(id, customerId, change.getString("name", name), change.getString("line1", line1),
      pick(change, "line2", line2), change.getString("city", city), pick(change, "region", region),
      pick(change, "postal_code", postalCode), change.getString("country", country), pick(change, "phone", phone),
      change.getBoolean("default_shipping", defaultShipping), change.getBoolean("default_billing", defaultBilling),
      createdAt, updatedAt);
  }

  private static String pick(JsonObject change, String field, String current) {
    return change.containsKey(field) ? change.getString(field) : current;
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("customer_id", customerId.toString()).put("name", name)
      .put("line1", line1).put("line2", line2).put("city", city).put("region", region).put("postal_code", postalCode)
      .put("country", country).put("phone", phone).put("default_shipping", defaultShipping)
      .put("default_billing", defaultBilling).put("created_at", Times.format(createdAt))
      .put("updated_at", Times.format(updatedAt));
  }
}
