package com.shopifygenie.customers;

import com.shopifygenie.platform.InvalidSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * RFM segmentation: a customer's values and scores follow its payments and refunds at once
 * ({@link #refresh}), against the quintile boundaries of the last recomputation; the boundaries
 * are recomputed over all customers with orders on a timer ({@link #recompute}), not per query,
 * and within seconds of a payment while the shop has few customers.
 */
final class Segmentation {

  private static final Logger LOG = LoggerFactory.getLogger(Segmentation.class);
  /**
   * Below this many customers with orders at the last recomputation, a payment or refund brings
   * the next one to within {@link #SOON_MS}: a young shop's first customers are otherwise scored
   * against no boundaries (no segment) until the hourly timer, and recomputing few is cheap.
   */
  static final int YOUNG_SHOP_CUSTOMERS = 100;
  static final long SOON_MS = 2_000;

  private final Vertx vertx;
  private final Pool pool;
  private final RfmStore store;
  private final long intervalMs;
  private long timer = -1;
  private boolean running;
  private boolean soon;
  private int covered;

  Segmentation(Vertx vertx, Pool pool, RfmStore store, JsonObject settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.intervalMs = settings.getLong("recompute_interval_ms", 3_600_000L);
    if (intervalMs <= 0) {
      throw new InvalidSettings("customers.segments.recompute_interval_ms must be positive, not " + intervalMs);
    }
  }

  /** Recomputes now, then every interval. */
  Future<Void> start() {
    timer = vertx.setPeriodic(intervalMs, id -> recompute());
    return recompute();
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Re-scores one customer inside the caller's transaction (an event's). */
  Future<Void> refresh(SqlClient tx, UUID customerId) {
    if (covered < YOUNG_SHOP_CUSTOMERS && !soon) {
      soon = true;
      vertx.setTimer(SOON_MS, id -> {
        soon = false;
        recompute();
      });
    }
    return store.boundariesForScoring(tx).compose(boundaries -> store.values(tx, customerId)
      .compose(values -> store.save(tx, values, Rfm.score(values, boundaries))));
  }

  /** New boundaries from every customer with orders, and every customer scored against them. */
  Future<Void> recompute() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    return pool.withTransaction(tx -> store.lockBoundaries(tx)
        .compose(v -> store.allWithOrders(tx))
        .compose(all -> {
          var boundaries = Rfm.Boundaries.of(all);
          return store.saveBoundaries(tx, boundaries, all.size()).compose(v -> store.saveAll(tx, all, boundaries))
            .onSuccess(v -> covered = all.size());
        }))
      .onFailure(e -> LOG.warn("customers could not recompute the RFM segments: {}", e.toString()))
      .onComplete(done -> running = false)
      .recover(e -> Future.succeededFuture());
  }
}
