package com.shopifygenie.analytics;

import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.OperationRequest;
import com.shopifygenie.platform.OperationResponse;
import com.shopifygenie.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * POST /analytics/rebuild starts a rebuild and answers 202 at once (a running one is answered
 * instead of starting another); GET /analytics/rebuilds/{id} tells how it goes. A rebuild replays
 * the event log, in the order the events were first applied, into empty copies of the read models
 * (temporary tables first on its search path, so the handlers' SQL writes there), while events
 * go on being applied to the models readers see. Then it locks the log against new events (the
 * inbox waits), replays the events committed meanwhile and puts the copies' rows in place of the
 * models' in the same transaction: the events stop only for that last step, readers see the old
 * models until the commit and the rebuilt ones after it, and a rebuild that dies leaves the models
 * as they were. The rebuilt models are in the days of this node's time zone, and say so; a node
 * that starts in another zone than the models' rebuilds them by itself.
 */
final class RebuildOperations {

  private static final int PAGE = 1000;
  private static final List<String> READ_MODELS = List.of("daily_sales", "daily_product_sales", "customer_days", "buyer_gaps",
    "buyers", "orders", "product_baskets", "pair_baskets", "customer_products", "products", "basket_totals");
  /** How often a node started in a zone the models are not in looks again while another instance's rebuild runs. */
  private static final long ZONE_LOOK_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(RebuildOperations.class);
  /** Tries to tell a rebuild that another instance has locked but not yet written down. */
  private static final int START_ATTEMPTS = 50;

  private final Vertx vertx;
  private final Pool pool;
  private final EventLog log;
  private final AnalyticsEventHandlers handlers;
  private final ZoneId zone;
  private final RebuildStore rebuilds = new RebuildStore();

  /** {@code zone}: the handlers' calendar's, the days the rebuilt models are in. */
  RebuildOperations(Vertx vertx, Pool pool, EventLog log, AnalyticsEventHandlers handlers, ZoneId zone) {
    this.vertx = vertx;
    this.pool = pool;
    this.log = log;
    this.handlers = handlers;
    this.zone = zone;
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
    return begin(conn -> Future.succeededFuture(Optional.of("asked to by POST /analytics/rebuild")))
      .compose(begun -> begun.map(Future::succeededFuture).orElseGet(() -> rebuilds.running(pool)
        .compose(running -> running.map(Future::succeededFuture).orElseGet(() ->
          attempts > 1 ? vertx.timer(20).compose(v -> start(attempts - 1))
            : Future.failedFuture(Problem.unavailable("A rebuild is starting; ask again", 1))))));
  }

  /**
   * At start: read models built in another time zone than this node's, or in one not recorded,
   * are rebuilt in the background (on an empty event log the zone is just recorded). Answers once
   * that is decided; the rebuild, or the wait for the one another instance holds the lock for, goes on.
   */
  Future<Void> rebuildIfBuiltInAnotherZone() {
    return whyRebuild(pool).map(why -> {
      why.ifPresent(reason -> untilInZone().onFailure(e -> LOG.warn(
        "analytics could not rebuild its read models in days of {} ({}); its next start tries again", zone, e.toString())));
      return null;
    });
  }

  /**
   * Takes the lock and rebuilds if the models are still not of this zone (an instance that started
   * with this one may have rebuilt them meanwhile). While another instance holds the lock (a rebuild
   * running, perhaps in another zone, or one starting) waits and looks again; begins at most one.
   */
  private Future<Void> untilInZone() {
    return begin(this::whyRebuild).compose(begun -> begun.isPresent() ? Future.succeededFuture()
      : whyRebuild(pool).compose(why -> why.isEmpty() ? Future.succeededFuture()
        : vertx.timer(ZONE_LOOK_MS).compose(v -> untilInZone())));
  }

  /** Why the models must be rebuilt in this zone; empty when they are in it. */
  private Future<Optional<String>> whyRebuild(SqlClient client) {
    return rebuilds.builtIn(client, zone).map(built -> built.equals(Optional.of(zone.getId())) ? Optional.empty()
      : Optional.of("they are in days of " + built.orElse("a time zone not recorded") + ", analytics.time_zone is "
        + zone.getId() + "; until it is done they answer as they were"));
  }

  /**
   * With the lock taken on a connection of its own, a rebuild begun if {@code why} (asked under the
   * lock) gives a reason; empty when another instance holds the lock or there was no reason.
   */
  private Future<Optional<JsonObject>> begin(Function<SqlConnection, Future<Optional<String>>> why) {
    return pool.getConnection().compose(conn -> conn.begin()
      .compose(tx -> rebuilds.lock(conn)
        .compose(locked -> locked ? why.apply(conn) : Future.succeededFuture(Optional.<String>empty()))
        .compose(reason -> {
          if (reason.isEmpty()) {
            // the lock, if taken, goes with the transaction
            return tx.rollback().eventually(conn::close).map(Optional.<JsonObject>empty());
          }
          return begun(conn, tx).map(rebuild -> {
            LOG.info("analytics rebuilds its read models in days of {} (rebuild {}): {}", zone, rebuild.getString("id"),
              reason.get());
            return Optional.of(rebuild);
          });
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
    copies(conn)
      .compose(v -> replay(conn, 0L, 0L))
      .compose(replayed -> conn.query("LOCK TABLE event_log IN SHARE MODE").execute()
        .compose(v -> replayMissed(conn, replayed)))
      .compose(events -> putInPlace(conn).compose(v -> rebuilds.done(conn, id, events, zone)))
      .compose(v -> tx.commit())
      .recover(e -> tx.rollback().otherwiseEmpty()
        .compose(v -> rebuilds.failed(pool, id, String.valueOf(e.getMessage()))))
      .onComplete(v -> conn.close());
  }

  /**
   * Empty copies of the read models (basket_totals' one row with no baskets) as temporary tables of
   * the transaction (no privilege beyond TEMP, nothing written to the WAL), named as the models and
   * found first by the search path set for the transaction, which also has PostgreSQL parse the
   * connection's prepared statements again; and the positions replayed, to find at the end the
   * events that were committed after later ones had been read.
   */
  private static Future<Void> copies(SqlConnection tx) {
    var sql = new StringBuilder();
    READ_MODELS.forEach(t -> sql.append("CREATE TEMPORARY TABLE ").append(t).append(" (LIKE public.").append(t)
      .append(" INCLUDING ALL) ON COMMIT DROP; "));
    sql.append("INSERT INTO pg_temp.basket_totals (id) VALUES (true); ")
      .append("CREATE TEMPORARY TABLE replayed (position bigint PRIMARY KEY) ON COMMIT DROP; ")
      .append("SET LOCAL search_path = pg_temp, public");
    return tx.query(sql.toString()).execute().mapEmpty();
  }

  /** The events in the log from after {@code after} on, a page at a time, into the copies. */
  private Future<Replayed> replay(SqlConnection tx, long after, long applied) {
    return log.after(tx, after, PAGE).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture(new Replayed(after, applied));
      }
      var last = page.get(page.size() - 1).position();
      return apply(tx, page).compose(v -> replay(tx, last, applied + page.size()));
    });
  }

  private Future<Void> apply(SqlConnection tx, List<EventLog.Positioned> page) {
    return handlers.applyAll(tx, page.stream().map(EventLog.Positioned::event).toList())
      .compose(v -> tx.preparedQuery("INSERT INTO replayed SELECT unnest($1::bigint[])")
        .execute(Tuple.of(page.stream().map(EventLog.Positioned::position).toArray(Long[]::new))))
      .mapEmpty();
  }

  /**
   * With the log locked: the events committed after the replay had read past their positions (an
   * inbox transaction that took its positions before another and committed after it), then those
   * after the last one read.
   */
  private Future<Long> replayMissed(SqlConnection tx, Replayed replayed) {
    return log.missed(tx, replayed.last())
      .compose(missed -> (missed.isEmpty() ? Future.<Void>succeededFuture() : apply(tx, missed))
        .compose(v -> replay(tx, replayed.last(), replayed.events() + missed.size())))
      .map(Replayed::events);
  }

  /** The copies' rows in place of the models' rows, in the rebuild's transaction (the copies go with it). */
  private static Future<Void> putInPlace(SqlConnection tx) {
    var sql = new StringBuilder("TRUNCATE ").append(String.join(", ", READ_MODELS.stream().map(t -> "public." + t).toList()));
    READ_MODELS.forEach(t -> sql.append("; INSERT INTO public.").append(t).append(" SELECT * FROM pg_temp.").append(t));
    return tx.query(sql.toString()).execute().mapEmpty();
  }

  /** How far a replay got: the last position it read and the events it applied. */
  private record Replayed(long last, long events) {}
}
