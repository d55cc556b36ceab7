package com.shopifygenie.orders;

import com.shopifygenie.platform.NodeMetrics;
import com.shopifygenie.platform.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Admission control for new orders: while the event pipeline is too far behind (too many orders
 * still pending, or the oldest event in the outbox too old), POST /orders is refused with a 503
 * and Retry-After instead of queueing silently; orders are taken again as the backlog drains.
 * The backlog is read from this domain's own tables on a timer, so the decision per request
 * costs nothing. Reads are never refused for it.
 * <p>
 * Before that, it paces: beyond a lower mark of pending orders, a new order waits (reading the
 * backlog every few ms) until the pipeline brought the backlog back under the mark, for at most a
 * while, so an intake that writes orders faster than the pipeline confirms them slows to its pace
 * instead of running ahead of it.
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
  private final long pacePending;
  private final long paceCheckMs;
  private final long paceMostWaitNanos;
  /** Orders waiting for the backlog to come back under the pace mark, and since when (nanoTime). */
  private final ArrayDeque<Map.Entry<Long, Promise<Void>>> held = new ArrayDeque<>();
  private boolean pacing;
  /** Orders let through since the backlog was last read: they count towards it. */
  private long passedSinceReading;
  private Counter paced;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private Counter refusals;
  private volatile long pending;
  private volatile double oldestEventSeconds;
  private long timer = -1;
  private boolean reading;
  private Future<Void> lastReading = Future.succeededFuture();

  Intake(Vertx vertx, Pool pool, JsonObject admission) {
    this.vertx = vertx;
    this.pool = pool;
    this.maxPending = admission.getLong("max_pending_orders", 5000L);
    this.maxEventAgeSeconds = admission.getLong("max_event_age_ms", 10_000L) / 1000.0;
    this.checkIntervalMs = admission.getLong("check_interval_ms", 500L);
    this.retryAfterSeconds = admission.getLong("retry_after_seconds", 2L);
    this.pacePending = admission.getLong("pace_pending_orders", 500L);
    this.paceCheckMs = Math.max(1, admission.getLong("pace_check_interval_ms", 20L));
    this.paceMostWaitNanos = admission.getLong("pace_most_wait_ms", 1000L) * 1_000_000;
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
      paced = Counter.builder("shopifygenie_orders_paced_total")
        .description("New orders that waited for the event pipeline to catch up before they were taken").register(registry);
      meters.add(paced);
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

  /** Succeeds once the backlog is under the pace mark, or the order waited the most it may. */
  Future<Void> paced() {
    if (pacePending <= 0 || (held.isEmpty() && pending + passedSinceReading < pacePending)) {
      passedSinceReading++;
      return Future.succeededFuture();
    }
    if (paced != null) {
      paced.increment();
    }
    var promise = Promise.<Void>promise();
    held.add(Map.entry(System.nanoTime(), promise));
    if (!pacing) {
      pacing = true;
      vertx.setTimer(paceCheckMs, id -> readWhileHeld());
    }
    return promise.future();
  }

  private void readWhileHeld() {
    read().onComplete(r -> {
      // as many as the backlog has room for, and those that waited the most they may
      var now = System.nanoTime();
      while (!held.isEmpty() && (pending + passedSinceReading < pacePending
        || now - held.peek().getKey() >= paceMostWaitNanos)) {
        passedSinceReading++;
        held.poll().getValue().complete();
      }
      if (held.isEmpty()) {
        pacing = false;
      } else {
        vertx.setTimer(paceCheckMs, id -> readWhileHeld());
      }
    });
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
      return lastReading; // a slow database: share the reading under way rather than pile up queries
    }
    reading = true;
    return lastReading = pool.query(READING).execute()
      .onSuccess(rows -> {
        var row = rows.iterator().next();
        var oldest = row.getValue("oldest_event");
        pending = row.getLong("pending");
        passedSinceReading = 0;
        oldestEventSeconds = oldest == null ? 0 : ((Number) oldest).doubleValue();
      })
      .onFailure(e -> LOG.debug("orders could not read its backlog: {}", e.getMessage()))
      .onComplete(r -> reading = false)
      .<Void>mapEmpty()
      .recover(e -> Future.succeededFuture());
  }

  void stop() {
    vertx.cancelTimer(timer);
    held.forEach(waiting -> waiting.getValue().tryComplete());
    held.clear();
    if (registry != null) {
      meters.forEach(registry::remove);
    }
  }
}
