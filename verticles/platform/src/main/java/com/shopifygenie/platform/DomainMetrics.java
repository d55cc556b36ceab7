package com.shopifygenie.platform;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.List;

/**
 * What a domain shows at /metrics beyond Vert.x's own meters: its relay backlog and dead letters
 * (from its database), the rows its retention removed and, on Kafka, its consumer group's lag.
 * Nothing on a node without metrics.
 */
final class DomainMetrics {

  private final BacklogGauges backlog;
  private final ConsumerLag lag;
  private final long intervalMs;
  private final MeterRegistry registry;
  private final List<Meter> counters = new ArrayList<>();

  private DomainMetrics(BacklogGauges backlog, ConsumerLag lag, long intervalMs, MeterRegistry registry) {
    this.backlog = backlog;
    this.lag = lag;
    this.intervalMs = intervalMs;
    this.registry = registry;
  }

  static DomainMetrics of(Vertx vertx, JsonObject settings, String domain, Pool pool, Retention retention) {
    var interval = Settings.section(settings, "metrics").getLong("backlog_interval_ms", 5000L);
    var registry = NodeMetrics.of(vertx);
    if (registry.isEmpty()) {
      return new DomainMetrics(null, null, interval, null);
    }
    var metrics = new DomainMetrics(new BacklogGauges(vertx, pool, domain, registry.get()),
      consumerLag(vertx, settings, domain, registry.get()), interval, registry.get());
    for (var table : retention.rowsRemoved().keySet()) {
      metrics.counters.add(FunctionCounter.builder("shopifygenie_retention_rows_removed", retention,
          r -> r.rowsRemoved().getOrDefault(table, 0L))
        .description("Rows deleted after their retention (published outbox rows, inbox rows, idempotency keys)")
        .tags("domain", domain, "table", table).register(registry.get()));
    }
    return metrics;
  }

  private static ConsumerLag consumerLag(Vertx vertx, JsonObject settings, String domain, MeterRegistry registry) {
    var events = Settings.section(settings, "events");
    if (!"kafka".equals(events.getString("transport", "local"))) {
      // locally the relay marks an event published once every group applied it: the relay
      // backlog of the producing domain is what the groups have still to apply
      return null;
    }
    return new ConsumerLag(vertx, events.getString("kafka_bootstrap", ""),
      events.getString("kafka_topic_prefix", "") + domain, domain, registry);
  }

  Future<Void> start(boolean consumesEvents) {
    if (lag != null && consumesEvents) {
      lag.start(intervalMs);
    }
    return backlog == null ? Future.succeededFuture() : backlog.start(intervalMs);
  }

  Future<Void> stop() {
    if (backlog != null) {
      backlog.stop();
    }
    counters.forEach(counter -> registry.remove(counter));
    return lag == null ? Future.succeededFuture() : lag.stop();
  }
}
