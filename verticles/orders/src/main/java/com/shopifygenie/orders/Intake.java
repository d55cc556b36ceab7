package com.shopifygenie.orders;

import com.shopifygenie.platform.NodeMetrics;
import com.shopifygenie.platform.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Admission control for new orders: while the event pipeline is too far behind (too many orders
 * still pending, or the oldest event in the outbox too old), POST /orders is refused with a 503
 * and Retry-After instead of queueing silently; orders are taken again as the backlog drains.
 * The backlog is read from this domain's own tables on a timer, so the decision per request
 * costs nothing. Reads are never refused for it.
 */
final class Intake {

  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  /** Pending orders wait for catalog's answer: they are the pipeline's backlog as orders sees it. */
  private static final String READING = "SELECT"
    + " (SELECT count(*) FROM orders WHERE status = 'pending') AS pending,"
    + " (SELECT extract(epoch FROM now() - min(time)) FROM outbox WHERE published_at IS NULL) AS oldest_event";

  private final Vertx vertx;
  private final Pool pool;
  private final long maxPending;
  private final double maxEventAgeSeconds;
  private final long checkIntervalMs;
  private final long retryAfterSeconds;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private Counter refusals;
  private volatile long pending;
  private volatile double oldestEventSeconds;
  private long timer = -1;
  private boolean reading;

  Intake(Vertx vertx, Pool pool, JsonObject admission) {
    this.vertx = vertx;
    this.pool = pool;
    this.maxPending = admission.getLong("max_pending_orders", 5000L);
    this.maxEventAgeSeconds = admission.getLong("max_event_age_ms", 10_000L) / 1000.0;
    this.checkIntervalMs = admission.getLong("check_interval_ms", 500L);
    this.retryAfterSeconds = admission.getLong("retry_after_seconds", 2L);
    this.registry = NodeMetrics.of(vertx).orElse(null);
  }

  /** Reads the backlog now and then every check interval. */
  Future<Void> start() {
    if (registry != null) {
      meters.add(Gauge.builder("shopifygenie_orders_pending", this, intake -> intake.pending)
        .description("Orders waiting for the event pipeline to confirm or reject them").strongReference(true).register(registry));
      meters.add(Gauge.builder("shopifygenie_orders_intake_open", this, intake -> intake.open() ? 1 : 0)
        .description("1 while POST /orders takes orders, 0 while the backlog refuses them").strongReference(true).register(registry));
      refusals = Counter.builder("shopifygenie_orders_refused_total")
        .description("POST /orders refused because the event pipeline was too far behind").register(registry);
      meters.add(refusals);
    }
    timer = vertx.setPeriodic(checkIntervalMs, id -> read());
    return read();
  }

  /** Succeeds while orders are taken; fails with a 503 problem and Retry-After otherwise. */
  Future<Void> admit() {
    if (open()) {
      return Future.succeededFuture();
    }
    if (refusals != null) {
      refusals.increment();
    }
    return Future.failedFuture(Problem.unavailable("The shop takes no new orders while " + backlog()
      + "; retry after " + retryAfterSeconds + " s", retryAfterSeconds));
  }

  /** What holds the intake shut, as its setting names it. */
  private String backlog() {
    return pending > maxPending
      ? pending + " orders wait for confirmation (orders.admission.max_pending_orders " + maxPending + ")"
      : String.format(Locale.ROOT, "its oldest event has waited %.1f s to leave (orders.admission.max_event_age_ms %d)",
        oldestEventSeconds, Math.round(maxEventAgeSeconds * 1000));
  }

  private boolean open() {
    return pending <= maxPending && oldestEventSeconds <= maxEventAgeSeconds;
  }

  private Future<Void> read() {
    if (reading) {
      return Future.succeededFuture(); // a slow database: skip a tick rather than pile up queries
    }
    reading = true;
    return pool.query(READING).execute()
      .onSuccess(rows -> {
        var row = rows.iterator().next();
        var oldest = row.getValue("oldest_event");
        pending = row.getLong("pending");
        oldestEventSeconds = oldest == null ? 0 : ((Number) oldest).doubleValue();
      })
      .onFailure(e -> LOG.debug("orders could not read its backlog: {}", e.getMessage()))
      .onComplete(r -> reading = false)
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  void stop() {
    vertx.cancelTimer(timer);
    if (registry != null) {
      meters.forEach(registry::remove);
    }
  }
}
