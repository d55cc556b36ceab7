package com.shopifygenie.analytics;

import com.shopifygenie.platform.Rows;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * The rebuilds' rows, and the time zone the read models were built in. A running rebuild holds
 * {@link #LOCK} in its transaction for as long as it runs, so a row still `running` whose lock is
 * free belongs to a rebuild that died with its node.
 */
final class RebuildStore {

  /** Advisory lock of the running rebuild; arbitrary, constant per database. */
  static final long LOCK = 0x5348_4f50_5245_4255L;

  private static final String COLUMNS = "id, state, events, error, started_at, finished_at";
  private static final String INTERRUPTED = "the rebuild stopped with its node before it finished; the models are as they were";

  /** Takes the lock in tx's transaction when no rebuild holds it; true when taken. */
  Future<Boolean> lock(SqlClient tx) {
    return tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
      .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Marks failed the rows left running by rebuilds that died; only for the holder of the lock. */
  Future<Void> sweepInterrupted(SqlClient client) {
    return client.preparedQuery("UPDATE rebuilds SET state = 'failed', error = $1, finished_at = now() WHERE state = 'running'")
      .execute(Tuple.of(INTERRUPTED)).mapEmpty();
  }

  Future<JsonObject> start(SqlClient client, UUID id) {
    return client.preparedQuery("INSERT INTO rebuilds (id, state, started_at) VALUES ($1, 'running', now()) RETURNING " + COLUMNS)
      .execute(Tuple.of(id)).map(rows -> toJson(rows.iterator().next(), false));
  }

  /**
   * Done, in the rebuild's own transaction, so the row says done, and the models are said to be in
   * the rebuild's time zone, exactly when the models are rebuilt.
   */
  Future<Void> done(SqlClient tx, UUID id, long events, ZoneId zone) {
    return tx.preparedQuery("UPDATE rebuilds SET state = 'done', events = $2, finished_at = clock_timestamp() WHERE id = $1")
      .execute(Tuple.of(id, events))
      .compose(v -> tx.preparedQuery("INSERT INTO read_models (time_zone) VALUES ($1) "
          + "ON CONFLICT (id) DO UPDATE SET time_zone = EXCLUDED.time_zone")
        .execute(Tuple.of(zone.getId())))
      .mapEmpty();
  }

  /**
   * The time zone the read models were built in; on an empty event log, where there are no models
   * yet, {@code zone} (recorded). Empty when models were built before their zone was recorded.
   */
  Future<Optional<String>> builtIn(SqlClient client, ZoneId zone) {
    // the statement's snapshot does not see its own insert: one row either way
    return client.preparedQuery("WITH fresh AS (INSERT INTO read_models (time_zone) SELECT $1 "
        + "WHERE NOT EXISTS (SELECT FROM event_log) ON CONFLICT (id) DO NOTHING RETURNING time_zone) "
        + "SELECT time_zone FROM fresh UNION ALL SELECT time_zone FROM read_models")
      .execute(Tuple.of(zone.getId())).map(rows -> Rows.first(rows, row -> row.getString("time_zone")));
  }

  Future<Void> failed(SqlClient client, UUID id, String error) {
    return client.preparedQuery("UPDATE rebuilds SET state = 'failed', error = $2, finished_at = now() "
        + "WHERE id = $1 AND state = 'running'")
      .execute(Tuple.of(id, error)).mapEmpty();
  }

  /** The running rebuild, if one is. */
  Future<Optional<JsonObject>> running(SqlClient client) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM rebuilds WHERE state = 'running'").execute()
      .map(rows -> Rows.first(rows, row -> toJson(row, false)));
  }

  /** One rebuild; a running one whose lock is free is told as failed (it died). */
  Future<Optional<JsonObject>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + ", state = 'running' AND pg_try_advisory_xact_lock($2) AS died "
        + "FROM rebuilds WHERE id = $1")
      .execute(Tuple.of(id, LOCK)).map(rows -> Rows.first(rows, row -> toJson(row, row.getBoolean("died"))));
  }

  private static JsonObject toJson(Row row, boolean died) {
    return new JsonObject().put("id", row.getUUID("id").toString())
      .put("state", died ? "failed" : row.getString("state"))
      .put("events", row.getLong("events"))
      .put("error", died ? INTERRUPTED : row.getString("error"))
      .put("started_at", Times.format(row.getOffsetDateTime("started_at")))
      .put("finished_at", died ? null : Times.format(row.getOffsetDateTime("finished_at")));
  }
}
