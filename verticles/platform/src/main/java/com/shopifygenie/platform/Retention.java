package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deletes the rows a domain keeps only for a while: outbox rows published long ago, inbox rows
 * of events applied long ago, and idempotency keys old enough that no client retries them. Runs
 * on a timer, off the request path, in small batches so no delete holds many locks or a long
 * transaction. Unpublished outbox rows are never deleted.
 */
public final class Retention {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /** One kind of row that expires: its table and the statement that deletes one batch of it. */
  private record Expiring(String table, String deleteBatch, long retentionSeconds) {}

  private final Vertx vertx;
  private final Pool pool;
  private final String domain;
  private final List<Expiring> expiring;
  private final long intervalMs;
  private final int batchSize;
  private final Map<String, AtomicLong> removed = new LinkedHashMap<>();
  private long timer = -1;
  private boolean stopped;
  private Future<Void> sweeping = Future.succeededFuture();

  Retention(Vertx vertx, Pool pool, String domain, JsonObject settings) {
    var events = Settings.section(settings, "events");
    var idempotency = Settings.section(settings, "idempotency");
    this.vertx = vertx;
    this.pool = pool;
    this.domain = domain;
    this.intervalMs = events.getLong("retention_interval_ms", 60_000L);
    this.batchSize = events.getInteger("retention_batch_size", 1000);
    this.expiring = List.of(
      new Expiring("outbox", deleteBatch("outbox", "published_at"), hours(events, "events.outbox_retention_hours", 24)),
      new Expiring("inbox", deleteBatch("inbox", "applied_at"), hours(events, "events.inbox_retention_hours", 192)),
      new Expiring("idempotency_keys", deleteBatch("idempotency_keys", "created_at"),
        hours(idempotency, "idempotency.retention_hours", 24)));
    expiring.forEach(e -> removed.put(e.table(), new AtomicLong()));
  }

  private static long hours(JsonObject section, String setting, long byDefault) {
    var hours = section.getLong(setting.substring(setting.indexOf('.') + 1), byDefault);
    if (hours < 1) {
      throw new InvalidSettings(setting + " must be at least 1 hour, not " + hours);
    }
    return TimeUnit.HOURS.toSeconds(hours);
  }

  // ctid lets one statement delete a bounded batch (DELETE has no LIMIT); the index on the time
  // column finds the batch. A NULL time (an unpublished outbox row) is never older than anything.
  private static String deleteBatch(String table, String time) {
    return "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table
      + " WHERE " + time + " < now() - make_interval(secs => $1) LIMIT $2)";
  }

  /** Sweeps on every interval until {@link #stop()}. */
  public void start() {
    timer = vertx.setPeriodic(intervalMs, id -> {
      if (sweeping.isComplete()) {
        sweeping = sweep().<Void>mapEmpty().recover(e -> {
          LOG.warn("Retention sweep of {} failed; the next one retries: {}", domain, e.getMessage());
          return Future.succeededFuture();
        });
      }
    });
  }

  /** Stops the timer and waits for a sweep under way, so the pool can close after it. */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return sweeping;
  }

  /** Deletes every expired row, a batch at a time; the number of rows it deleted. */
  public Future<Long> sweep() {
    Future<Long> chain = Future.succeededFuture(0L);
    for (var kind : expiring) {
      chain = chain.compose(total -> drain(kind).map(n -> total + n));
    }
    return chain;
  }

  private Future<Long> drain(Expiring kind) {
    if (stopped) {
      return Future.succeededFuture(0L);
    }
    return pool.preparedQuery(kind.deleteBatch())
      .execute(Tuple.of((double) kind.retentionSeconds(), (long) batchSize))
      .compose(rows -> {
        removed.get(kind.table()).addAndGet(rows.rowCount());
        return rows.rowCount() < batchSize
          ? Future.succeededFuture((long) rows.rowCount())
          : drain(kind).map(more -> more + rows.rowCount());
      });
  }

  /** Rows deleted since start, by table (outbox, inbox, idempotency_keys): for metrics. */
  public Map<String, Long> rowsRemoved() {
    var counts = new LinkedHashMap<String, Long>();
    removed.forEach((table, count) -> counts.put(table, count.get()));
    return counts;
  }
}
