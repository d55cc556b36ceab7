package com.shopifygenie.gateway;

import com.shopifygenie.platform.AccessTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Hears auth's changes of a user's role or status on the node's feed and outdates the user's
 * older access tokens at this gateway instance: a disabled account or a changed role stops
 * speaking through the tokens issued before within moments, not when they expire.
 */
final class AccountChanges {

  private static final Logger LOG = LoggerFactory.getLogger(AccountChanges.class);
  private static final Set<String> TYPES = Set.of("shopifygenie.user.role_changed", "shopifygenie.user.status_changed");

  /** How long a starting instance waits between asks while no auth answers. */
  private static final long RETRY_MS = 2_000;

  private final Vertx vertx;
  private final AccessTokens tokens;
  private final MessageConsumer<LiveEvent> consumer;
  private long retry = -1;
  private boolean stopped;

  private AccountChanges(Vertx vertx, AccessTokens tokens, MessageConsumer<LiveEvent> consumer) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.consumer = consumer;
  }

  /**
   * Listens from when the returned future completes (start it before the node's feed), and asks
   * auth for the changes of the last token lifetime, which happened before it listened: until auth
   * answers (it may start later, or on another node), or every token issued before them expired.
   */
  static Future<AccountChanges> listen(Vertx vertx, AccessTokens tokens) {
    var consumer = vertx.eventBus().<LiveEvent>localConsumer(NodeFeed.ADDRESS, message -> {
      var event = message.body();
      if (TYPES.contains(event.type())) {
        outdate(tokens, event.cloudEvent().getJsonObject("data", new JsonObject()));
      }
    });
    return consumer.completion().map(v -> {
      var changes = new AccountChanges(vertx, tokens, consumer);
      changes.catchUp(System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(tokens.ttlSeconds()));
      return changes;
    });
  }

  private void catchUp(long giveUpAt) {
    // a change a token lifetime ago (and a minute of clocks apart) may still have tokens to refuse,
    // whenever auth answers
    var within = tokens.ttlSeconds() + 60L;
    vertx.eventBus().<JsonArray>request(AccessTokens.OUTDATED_ADDRESS, new JsonObject().put("within_seconds", within),
        new DeliveryOptions().setSendTimeout(RETRY_MS))
      .onSuccess(reply -> reply.body().stream().map(JsonObject.class::cast).forEach(change -> outdate(tokens, change)))
      .onFailure(e -> {
        if (!stopped && System.currentTimeMillis() + RETRY_MS < giveUpAt) {
          retry = vertx.setTimer(RETRY_MS, id -> catchUp(giveUpAt));
        }
      });
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
    stopped = true;
    vertx.cancelTimer(retry);
    return consumer.unregister();
  }
}
