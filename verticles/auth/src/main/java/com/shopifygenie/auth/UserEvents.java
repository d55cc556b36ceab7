package com.shopifygenie.auth;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Role;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/** The events auth emits, shaped as schemas/events/shopifygenie.user.*.json say. */
final class UserEvents {

  static final String DOMAIN = "auth";

  private UserEvents() {}

  static DomainEvent registered(User user) {
    return DomainEvent.of(DOMAIN, "user.registered", user.id(), new JsonObject()
      .put("user_id", user.id().toString()).put("email", user.email()).put("role", user.role().wireName()));
  }

  static DomainEvent roleChanged(UUID userId, Role previous, Role role) {
    return DomainEvent.of(DOMAIN, "user.role_changed", userId, new JsonObject()
      .put("user_id", userId.toString()).put("previous_role", previous.wireName()).put("role", role.wireName()));
  }
}
