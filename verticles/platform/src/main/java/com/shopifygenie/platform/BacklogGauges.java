package com.shopifygenie.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A domain's event backlog as gauges, read from its own database on a timer (one cheap query,
 * never per scrape): the relay's backlog (outbox rows not yet published and the age of the
 * oldest) and the dead letters waiting for a replay. The gauges show the last reading.
 */
final class BacklogGauges {

  private static final Logger LOG = LoggerFactory.getLogger(BacklogGauges.class);

  /** Counts and ages from the partial indexes on unpublished outbox rows and waiting dead letters. */
  private static final String READING = "SELECT"
    + " (SELECT count(*) FROM outbox WHERE published_at IS NULL) AS unpublished,"
    + " (SELECT extract(epoch FROM now() - min(time)) FROM outbox WHERE published_at IS NULL) AS oldest_unpublished,"
    + " (SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL) AS dead_letters";

  private record Reading(long unpublished, double oldestUnpublishedSeconds, long deadLetters) {
    static final Reading NONE = new Reading(0, 0, 0);

    static Reading of(Row row) {
      var oldest = row.getValue("oldest_unpublished");
      return new Reading(row.getLong("unpublished"), oldest == null ? 0 : ((Number) oldest).doubleValue(),
        row.getLong("dead_letters"));
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final String domain;
  private final MeterRegistry registry;
  private final AtomicReference<Reading> last = new AtomicReference<>(Reading.NONE);
  private final List<Gauge> gauges = new ArrayList<>();
  private long timer = -1;
  private boolean reading;

  BacklogGauges(Vertx vertx, Pool pool, String domain, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.domain = domain;
    this.registry = registry;
  }

  /** Registers the gauges and reads the backlog now and then every intervalMs. */
  Future<Void> start(long intervalMs) {
    gauges.add(Gauge.builder("shopifygenie_relay_backlog_events", last, r -> r.get().unpublished())
      .description("Outbox events not yet published by the relay").tag("domain", domain).strongReference(true).register(registry));
    gauges.add(Gauge.builder("shopifygenie_relay_backlog_oldest_age_seconds", last,
        r -> r.get().oldestUnpublishedSeconds())
      .description("Age of the oldest outbox event not yet published").tag("domain", domain).strongReference(true).register(registry));
    gauges.add(Gauge.builder("shopifygenie_dead_letters_waiting", last, r -> r.get().deadLetters())
      .description("Dead letters parked and not yet replayed").tag("domain", domain).strongReference(true).register(registry));
    timer = vertx.setPeriodic(intervalMs, id -> read());
    return read();
  }

  private Future<Void> read() {
    if (reading) {
      return Future.succeededFuture(); // a slow database: skip a tick rather than pile up queries
    }
    reading = true;
    return pool.query(READING).execute()
      .onSuccess(rows -> last.set(Reading.of(rows.iterator().next())))
      .onFailure(e -> LOG.debug("{} could not read its backlog: {}", domain, e.getMessage()))
      .onComplete(r -> reading = false)
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  void stop() {
    vertx.cancelTimer(timer);
    gauges.forEach(registry::remove);
    gauges.clear();
  }
}
