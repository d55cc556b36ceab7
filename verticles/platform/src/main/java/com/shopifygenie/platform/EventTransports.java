package com.shopifygenie.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** The transport configured by events.transport (SHOPIFYGENIE_EVENTS): local or kafka. */
public final class EventTransports {

  private EventTransports() {}

  public static EventTransport create(Vertx vertx, JsonObject settings) {
    var events = Settings.section(settings, "events");
    var kind = events.getString("transport", "local");
    return switch (kind) {
      case "local" -> new LocalEventTransport(vertx);
      case "kafka" -> new KafkaEventTransport(vertx, events.getString("kafka_bootstrap", ""),
        events.getString("kafka_topic_prefix", ""), events.getInteger("kafka_partitions", 3),
        events.getInteger("kafka_replication_factor", 1))
        .withGroupTimeouts(events.getInteger("kafka_session_timeout_ms", 10_000),
          events.getInteger("kafka_heartbeat_interval_ms", 2_000));
      default -> throw new IllegalArgumentException("events.transport must be local or kafka, not " + kind);
    };
  }
}
