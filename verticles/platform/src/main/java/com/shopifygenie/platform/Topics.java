package com.shopifygenie.platform;

import java.util.List;
import java.util.Map;

/**
 * Which topic carries an event: by the aggregate its type names
 * (shopifygenie.&lt;aggregate&gt;.&lt;happening&gt;). The record key is the aggregate id, so one
 * aggregate's events stay in order.
 */
public final class Topics {

  public static final List<String> ALL = List.of("auth-events", "catalog-events", "inventory-events",
    "order-events", "payment-events", "customer-events");

  private static final Map<String, String> BY_AGGREGATE = Map.of(
    "user", "auth-events",
    "product", "catalog-events",
    "stock", "inventory-events",
    "order", "order-events",
    "payment", "payment-events",
    "shipment", "order-events",
    "customer", "customer-events",
    "loyalty", "customer-events");

  private Topics() {}

  public static String of(String type) {
    var parts = type.split("\\.");
    var topic = parts.length == 3 ? BY_AGGREGATE.get(parts[1]) : null;
    if (topic == null) {
      throw new IllegalArgumentException("no topic for event type " + type);
    }
    return topic;
  }

  public static String deadLetters(String topic) {
    return topic + ".dlq";
  }
}
