package com.shopifygenie.customers;

import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A customer's profile. A registered customer's user id is its id; a profile staff created has none. */
record Profile(UUID id, UUID userId, String email, String firstName, String lastName, String phone,
               OffsetDateTime createdAt, OffsetDateTime updatedAt, Tier tier,
               Rfm rfm) {

  boolean registered() {
    return userId != null;
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("user_id", userId == null ? null : userId.toString())
      .put("email", email).put("first_name", firstName).put("last_name", lastName).put("phone", phone)
      .put("tier", tier.wireName())
      .put("segment", rfm.segment() == null ? null : rfm.segment().wireName()).put("rfm", rfm.scoresJson())
      .put("created_at", Times.format(createdAt)).put("updated_at", Times.format(updatedAt));
  }
}
