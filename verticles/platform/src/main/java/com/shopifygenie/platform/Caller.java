package com.shopifygenie.platform;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** Who sent a request, as the gateway authenticated it; {@link #ANONYMOUS} for public operations. */
public record Caller(UUID userId, Role role) {

  public static final Caller ANONYMOUS = new Caller(null, null);

  public boolean isAnonymous() {
    return userId == null;
  }

  public boolean isStaff() {
    return role == Role.STAFF || role == Role.SUPER_ADMIN;
  }

  public JsonObject toJson() {
    return isAnonymous() ? null
      : new JsonObject().put("user_id", userId.toString()).put("role", role.wireName());
  }

  public static Caller fromJson(JsonObject json) {
    if (json == null) {
      return ANONYMOUS;
    }
    return new Caller(UUID.fromString(json.getString("user_id")), Role.fromWire(json.getString("role")));
  }
}
