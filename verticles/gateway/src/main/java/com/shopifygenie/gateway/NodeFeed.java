package com.shopifygenie.gateway;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventTransport;
import com.shopifygenie.platform.EventTransports;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.UUID;

/**
 * Every event of the shop, heard once per node and handed to each gateway instance of the node.
 * The node follows the topics without a consumer group, so on both transports every gateway node
 * hears every event whatever the other nodes do. It starts from the buffer's horizon (now minus
 * the buffer's age): a node that restarts on Kafka refills its buffer from the topics before it
 * takes clients, so a client that reconnects to it with Last-Event-ID gets what it missed. The
 * handler only passes the event on over the local event bus and succeeds at once: on the local
 * transport a publish waits for every group, so the feed must never make the domains wait on its
 * slowest client. Delivery to the feed is at most once past that point, which is what a live view
 * needs (no inbox, no database).
 */
final class NodeFeed {

  /** Where each gateway instance of the node hears the events (local only). */
  static final String ADDRESS = "gateway.live.events";
  /** Every topic the domains publish on. */
  static final Set<String> TOPICS = Set.of("order-events", "payment-events", "inventory-events", "catalog-events",
    "auth-events", "customer-events", "accounting-events");

  private static final String OWNER = "shopifygenie.live";
  /** How long an instance waits for the one refilling the node's buffer from Kafka. */
  private static final long REFILL_TIMEOUT_MS = 60_000;
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setCodecName(LiveEvent.Codec.NAME);

  private final Vertx vertx;
  private final String instance = UUID.randomUUID().toString();
  private EventTransport transport;

  NodeFeed(Vertx vertx) {
    this.vertx = vertx;
    try {
      vertx.eventBus().registerCodec(new LiveEvent.Codec());
    } catch (IllegalStateException registeredByAnotherInstanceOfThisNode) {
      // one codec per event bus serves every gateway instance
    }
  }

  /**
   * The first gateway instance of a node to start follows the topics for all of them, from
   * {@code horizonMs} ago; completes once what the topics held since then was handed on. The
   * others wait for it under a lock, so no instance of the node takes clients before that.
   */
  Future<Void> start(JsonObject settings, long horizonMs) {
    return vertx.sharedData().getLocalLockWithTimeout(OWNER, REFILL_TIMEOUT_MS).compose(lock -> {
      var owner = vertx.sharedData().<String, String>getLocalMap(OWNER).putIfAbsent("feed", instance);
      if (owner != null) {
        lock.release();
        return Future.succeededFuture();
      }
      transport = EventTransports.create(vertx, settings);
      return transport.follow(TOPICS, System.currentTimeMillis() - horizonMs, this::handOn).eventually(() -> {
        lock.release();
        return Future.succeededFuture();
      });
    });
  }

  private Future<Void> handOn(DomainEvent event) {
    vertx.eventBus().publish(ADDRESS, LiveEvent.of(event), LOCAL);
    return Future.succeededFuture();
  }

  Future<Void> stop() {
    if (transport == null) {
      return Future.succeededFuture();
    }
    vertx.sharedData().<String, String>getLocalMap(OWNER).remove("feed", instance);
    return transport.close();
  }
}
