package com.shopifygenie.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * On Kafka, the events a domain's consumer group has still to apply, as a gauge read on a timer:
 * per partition it committed on, the end offset minus its committed offset (offsets are committed
 * only after the inbox transaction, so this counts events not yet applied). Two admin requests a
 * reading; the age of the oldest would need the record itself, so it is not read here. A reading
 * that failed, or none for three intervals (a broker gone answers nothing for a minute), is NaN:
 * unknown, never the last figure read, which looked like a live lag while the broker was down.
 */
final class ConsumerLag {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);
  private static final long CLOSE_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final String bootstrap;
  private final String group;
  private final String domain;
  private final MeterRegistry registry;
  private volatile double waiting = Double.NaN;
  private volatile long readAtNanos;
  private long staleAfterNanos;
  private KafkaAdminClient admin;
  private Gauge gauge;
  private long timer = -1;
  private boolean reading;

  /** @param group the consumer group as Kafka knows it (with the topic prefix) */
  ConsumerLag(Vertx vertx, String bootstrap, String group, String domain, MeterRegistry registry) {
    this.vertx = vertx;
    this.bootstrap = bootstrap;
    this.group = group;
    this.domain = domain;
    this.registry = registry;
  }

  void start(long intervalMs) {
    admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", bootstrap));
    staleAfterNanos = TimeUnit.MILLISECONDS.toNanos(3 * intervalMs);
    gauge = Gauge.builder("shopifygenie_consumer_events_waiting", this, ConsumerLag::current)
      .description("Events on the consumer group's topics not yet applied (Kafka consumer lag)")
      .tag("group", domain).strongReference(true).register(registry);
    timer = vertx.setPeriodic(0, intervalMs, id -> read());
  }

  private double current() {
    return System.nanoTime() - readAtNanos > staleAfterNanos ? Double.NaN : waiting;
  }

  private void read() {
    if (reading) {
      return;
    }
    reading = true;
    admin.listConsumerGroupOffsets(group)
      .compose(this::lag)
      .onSuccess(lag -> {
        waiting = lag;
        readAtNanos = System.nanoTime();
      })
      .onFailure(e -> {
        waiting = Double.NaN;
        LOG.debug("{} could not read its consumer lag: {}", domain, e.getMessage());
      })
      .onComplete(r -> reading = false);
  }

  private Future<Long> lag(Map<TopicPartition, OffsetAndMetadata> committed) {
    if (committed.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    var latest = new HashMap<TopicPartition, OffsetSpec>();
    committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.LATEST));
    return admin.listOffsets(latest).map(ends -> ends.entrySet().stream()
      .mapToLong(end -> Math.max(0, end.getValue().getOffset() - committed.get(end.getKey()).getOffset()))
      .sum());
  }

  Future<Void> stop() {
    vertx.cancelTimer(timer);
    if (gauge != null) {
      registry.remove(gauge);
    }
    // a read still waiting for a broker that is gone would hold the stop for its whole timeout (a minute)
    return admin == null ? Future.succeededFuture() : admin.close(CLOSE_TIMEOUT_MS).recover(e -> Future.succeededFuture());
  }
}
