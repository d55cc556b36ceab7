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
 * The node subscribes as a consumer group of its own ("live-&lt;node&gt;"), so on both transports
 * every gateway node hears every event whatever the other nodes do. The handler only passes the
 * event on over the local event bus and succeeds at once: on the local transport a publish waits
 * for every group, so the feed must never make the domains wait on its slowest client. Delivery to
 * the feed is at most once past that point, which is what a live view needs (no inbox, no database).
 */
final class NodeFeed {

  /** Where each gateway instance of the node hears the events (local only). */
  static final String ADDRESS = "gateway.live.events";
  /** Every topic the domains publish on. */
  static final Set<String> TOPICS = Set.of("order-events", "payment-events", "inventory-events", "catalog-events",
    "auth-events", "customer-events", "accounting-events");

  private static final String OWNER = "shopifygenie.live";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final String instance = UUID.randomUUID().toString();
  private EventTransport transport;

  NodeFeed(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The first gateway instance of a node to start subscribes for all of them. */
  Future<Void> start(JsonObject settings) {
    var owner = vertx.sharedData().<String, String>getLocalMap(OWNER).putIfAbsent("feed", instance);
    if (owner != null) {
      return Future.succeededFuture();
    }
    transport = EventTransports.create(vertx, settings);
    return transport.subscribe("live-" + UUID.randomUUID(), TOPICS, this::handOn);
  }

  private Future<Void> handOn(DomainEvent event) {
    vertx.eventBus().publish(ADDRESS, event.toCloudEvent(), LOCAL);
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
