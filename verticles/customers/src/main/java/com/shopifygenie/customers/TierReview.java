package com.shopifygenie.customers;

import com.shopifygenie.platform.InvalidSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Points age out of the tier window without any event saying so: on a timer, every customer above
 * bronze is reassessed (each in a transaction of its own, with the tier_changed event of a drop).
 */
final class TierReview {

  private static final Logger LOG = LoggerFactory.getLogger(TierReview.class);

  private final Vertx vertx;
  private final Pool pool;
  private final LoyaltyStore store;
  private final LoyaltyLedger ledger;
  private final long intervalMs;
  private long timer = -1;
  private boolean running;

  TierReview(Vertx vertx, Pool pool, LoyaltyStore store, LoyaltyLedger ledger, long intervalMs) {
    if (intervalMs <= 0) {
      throw new InvalidSettings("customers.loyalty.tier_review_interval_ms must be positive, not " + intervalMs);
    }
    this.vertx = vertx;
    this.pool = pool;
    this.store = store;
    this.ledger = ledger;
    this.intervalMs = intervalMs;
  }

  void start() {
    timer = vertx.setPeriodic(intervalMs, id -> review());
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  Future<Void> review() {
    if (running) {
      return Future.succeededFuture();
    }
    running = true;
    return pool.preparedQuery("SELECT customer_id FROM loyalty_accounts WHERE tier <> $1 ORDER BY customer_id")
      .execute(Tuple.of(Tier.BRONZE.wireName()))
      .compose(rows -> {
        Future<Void> chain = Future.succeededFuture();
        for (var row : rows) {
          UUID customerId = row.getUUID("customer_id");
          chain = chain.compose(v -> pool.withTransaction(tx -> store.lockAccount(tx, customerId)
            .compose(account -> ledger.reassess(tx, customerId, account.tier()))));
        }
        return chain;
      })
      .onFailure(e -> LOG.warn("customers could not review the loyalty tiers: {}", e.toString()))
      .onComplete(done -> running = false)
      .recover(e -> Future.succeededFuture());
  }
}
