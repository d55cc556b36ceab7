package com.shopifygenie.analytics;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * POST /analytics/rebuild starts a rebuild and answers 202 at once (a running one is answered
 * instead of starting another); GET /analytics/rebuilds/{id} tells how it goes. A rebuild empties
 * the read models and replays the event log into them, in the order the events were first applied,
 * in one transaction. The log is locked against new events meanwhile (the inbox waits), and the
 * emptied tables stay locked until the commit, so readers wait for the rebuilt models: nobody sees
 * a half-built one, and a rebuild that dies leaves the models as they were.
 */
final class RebuildOperations {

  private static final int PAGE = 1000;
  private static final String READ_MODELS = "daily_sales, daily_product_sales, customer_days, buyer_gaps, buyers, orders, "
    + "product_baskets, pair_baskets, customer_products, products";
  /** Tries to tell a rebuild that another instance has locked but not yet written down. */
  private static final int START_ATTEMPTS = 50;

  private final Vertx vertx;
  private final Pool pool;
  private final EventLog log;
  private final AnalyticsEventHandlers handlers;
  private final RebuildStore rebuilds = new RebuildStore();

  RebuildOperations(Vertx vertx, Pool pool, EventLog log, AnalyticsEventHandlers handlers) {
    this.vertx = vertx;
    this.pool = pool;
    this.log = log;
    this.handlers = handlers;
  }

  Map<String, Function<OperationRequest, Future<OperationResponse>>> handlers() {
    return Map.of("rebuild", req -> start(START_ATTEMPTS).map(RebuildOperations::accepted), "getRebuild", this::get);
  }

  private Future<OperationResponse> get(OperationRequest req) {
    var id = UUID.fromString(req.pathParam("rebuild_id"));
    return rebuilds.find(pool, id).compose(found -> found.map(OperationResponse::ok).map(Future::succeededFuture)
      .orElseGet(() -> Future.failedFuture(Problem.notFound("rebuild", id))));
  }

  private static OperationResponse accepted(JsonObject rebuild) {
    return new OperationResponse(202, new JsonObject(), rebuild)
      .withHeader("Location", "/analytics/rebuilds/" + rebuild.getString("id"));
  }

  /** The rebuild started, or the one running. */
  private Future<JsonObject> start(int attempts) {
    return pool.getConnection().compose(conn -> conn.begin()
      .compose(tx -> rebuilds.lock(conn).compose(locked -> {
        if (locked) {
          return begun(conn, tx);
        }
        conn.close();
        return rebuilds.running(pool).compose(running -> running.map(Future::succeededFuture).orElseGet(() ->
          attempts > 1 ? vertx.timer(20).compose(v -> start(attempts - 1))
            : Future.failedFuture(Problem.unavailable("A rebuild is starting; ask again", 1))));
      }))
      .onFailure(e -> conn.close()));
  }

  /** With the lock held: the row written, and the rebuild left running on conn. */
  private Future<JsonObject> begun(SqlConnection conn, Transaction tx) {
    var id = Ids.next();
    return rebuilds.sweepInterrupted(pool)
      .compose(v -> rebuilds.start(pool, id))
      .onSuccess(rebuild -> run(conn, tx, id));
  }

  private void run(SqlConnection conn, Transaction tx, UUID id) {
    conn.query("LOCK TABLE event_log IN SHARE MODE").execute()
      .compose(v -> conn.query("TRUNCATE " + READ_MODELS).execute())
      .compose(v -> conn.query("UPDATE basket_totals SET baskets = 0").execute())
      .compose(v -> replay(conn, 0L, 0L))
      .compose(events -> rebuilds.done(conn, id, events))
      .compose(v -> tx.commit())
      .recover(e -> tx.rollback().otherwiseEmpty()
        .compose(v -> rebuilds.failed(pool, id, String.valueOf(e.getMessage()))))
      .onComplete(v -> conn.close());
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
