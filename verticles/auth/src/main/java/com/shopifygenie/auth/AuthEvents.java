package com.shopifygenie.auth;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.Role;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.UUID;

/**
 * The auth domain on the event path: its name, the aggregates it publishes and their topic, and
 * the events it emits, shaped as schemas/events/shopifygenie.user.*.json say. It consumes none.
 */
final class AuthEvents {

  static final EventSource SOURCE = new EventSource("auth", Map.of("user", "auth-events"));
  static final String DOMAIN = SOURCE.domain();

  private AuthEvents() {}

  static DomainEvent registered(User user) {
    return SOURCE.event("user.registered", user.id(), new JsonObject()
      .put("user_id", user.id().toString()).put("email", user.email()).put("role", user.role().wireName()));
  }

  static DomainEvent emailChanged(UUID userId, String previous, String email) {
    return SOURCE.event("user.email_changed", userId, new JsonObject()
      .put("user_id", userId.toString()).put("previous_email", previous).put("email", email));
  }

  static DomainEvent statusChanged(User user, UserStatus previous) {
    return SOURCE.event("user.status_changed", user.id(), new JsonObject().put("user_id", user.id().toString())
      .put("role", user.role().wireName()).put("previous_status", previous.wireName())
      .put("status", user.status().wireName()).put("token_version", user.tokenVersion()));
  }

  static DomainEvent roleChanged(User user, Role previous, Role role) {
    return SOURCE.event("user.role_changed", user.id(), new JsonObject().put("user_id", user.id().toString())
      .put("email", user.email()).put("previous_role", previous.wireName()).put("role", role.wireName())
      .put("token_version", user.tokenVersion()));
  }
}
