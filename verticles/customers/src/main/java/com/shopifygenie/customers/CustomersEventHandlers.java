package com.shopifygenie.customers;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Inbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.UUID;

/**
 * The events the customers domain consumes, the topic each comes on, and one handler per type.
 * Each handler runs in the inbox's transaction.
 */
final class CustomersEventHandlers {

  private static final String AUTH_EVENTS = "auth-events";

  private final ProfileStore profiles;

  CustomersEventHandlers(ProfileStore profiles) {
    this.profiles = profiles;
  }

  void register(Inbox inbox) {
    inbox.on(AUTH_EVENTS, "shopifygenie.user.registered", this::userRegistered);
  }

  /** Customers get a profile; staff and super admins are no customers of the shop. */
  Future<Void> userRegistered(SqlConnection tx, DomainEvent event) {
    var data = event.data();
    if (!"customer".equals(data.getString("role"))) {
      return Future.succeededFuture();
    }
    return profiles.registered(tx, UUID.fromString(data.getString("user_id")), data.getString("email"));
  }
}
