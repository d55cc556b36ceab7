package com.shopifygenie.analytics;

import com.shopifygenie.platform.Rows;
import com.shopifygenie.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/**
 * The rebuilds' rows. A running rebuild holds {@link #LOCK} in its transaction for as long as it
 * runs, so a row still `running` whose lock is free belongs to a rebuild that died with its node.
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

  /** Done, in the rebuild's own transaction, so the row says done exactly when the models are rebuilt. */
  Future<Void> done(SqlClient tx, UUID id, long events) {
    return tx.preparedQuery("UPDATE rebuilds SET state = 'done', events = $2, finished_at = clock_timestamp() WHERE id = $1")
      .execute(Tuple.of(id, events)).mapEmpty();
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
