package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;

/**
 * Hears auth's changes of a user's role or status on the node's feed and outdates the user's
 * older access tokens at this gateway instance: a disabled account or a changed role stops
 * speaking through the tokens issued before within moments, not when they expire.
 */
final class AccountChanges {

  private static final Logger LOG = LoggerFactory.getLogger(AccountChanges.class);
  private static final Set<String> TYPES = Set.of("shopifygenie.user.role_changed", "shopifygenie.user.status_changed");

  private final MessageConsumer<LiveEvent> consumer;

  private AccountChanges(MessageConsumer<LiveEvent> consumer) {
    this.consumer = consumer;
  }

  /** Listens from when the returned future completes; start it before the node's feed. */
  static Future<AccountChanges> listen(Vertx vertx, AccessTokens tokens) {
    var consumer = vertx.eventBus().<LiveEvent>localConsumer(NodeFeed.ADDRESS, message -> {
      var event = message.body();
      if (TYPES.contains(event.type())) {
        outdate(tokens, event.cloudEvent().getJsonObject("data", new JsonObject()));
      }
    });
    return consumer.completion().map(v -> new AccountChanges(consumer));
  }

  private static void outdate(AccessTokens tokens, JsonObject data) {
    // events written before token versions carry none: their tokens expired long since
    if (data.getValue("token_version") instanceof Number version && data.getValue("user_id") instanceof String user) {
      try {
        tokens.outdate(UUID.fromString(user), version.intValue());
      } catch (IllegalArgumentException notAnId) {
        LOG.warn("An account change names no user id: {}", data.encode());
      }
    }
  }

  Future<Void> stop() {
    return consumer.unregister();
  }
}
