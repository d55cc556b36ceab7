package com.shopifygenie.auth;

import com.shopifygenie.platform.Role;
import com.shopifygenie.platform.Times;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A user account as stored; the password hash never leaves the domain. The token version is the
 * generation of its access tokens, moved on by every change of role or status.
 */
record User(UUID id, String email, String passwordHash, Role role, UserStatus status, int tokenVersion,
            OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  boolean active() {
    return status == UserStatus.ACTIVE;
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("email", email).put("role", role.wireName())
      .put("status", status.wireName()).put("created_at", Times.format(createdAt))
      .put("updated_at", Times.format(updatedAt));
  }
}
