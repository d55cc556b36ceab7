package com.shopifygenie.analytics;

import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.util.Map;
import java.util.function.Function;

/**
 * POST /analytics/rebuild: empties the read models and replays the event log into them, in the
 * order the events were first applied, in one transaction. The log is locked against new events
 * meanwhile (the inbox waits), and the emptied tables stay locked until the commit, so readers wait
 * for the rebuilt models: nobody sees a half-built one.
 */
final class RebuildOperations {

  private static final int PAGE = 1000;
  private static final String READ_MODELS = "daily_sales, daily_product_sales, customer_days, buyer_gaps, buyers, orders, "
    + "product_baskets, pair_baskets, customer_products, products";

  private final Pool pool;
  private final EventLog log;
  private final AnalyticsEventHandlers handlers;

  RebuildOperations(Pool pool, EventLog log, AnalyticsEventHandlers handlers) {
    this.pool = pool;
    this.log = log;
    this.handlers = handlers;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("rebuild", this::rebuild);
  }

  Future<OperationResponse> rebuild(OperationRequest req) {
    return pool.withTransaction(tx -> tx.query("LOCK TABLE event_log IN SHARE MODE").execute()
        .compose(v -> tx.query("TRUNCATE " + READ_MODELS).execute())
        .compose(v -> tx.query("UPDATE basket_totals SET baskets = 0").execute())
        .compose(v -> replay(tx, 0L, 0L)))
      .map(events -> OperationResponse.ok(new JsonObject().put("events", events)));
  }

  private Future<Long> replay(SqlConnection tx, long after, long applied) {
    return log.after(tx, after, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(applied);
      }
      var last = page.get(page.size() - 1).position();
      return handlers.applyAll(tx, page.stream().map(EventLog.Positioned::event).toList()).compose(v -> replay(tx, last, applied + page.size()));
    });
  }
}
