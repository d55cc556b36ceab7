package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.OffsetDateTime;

/**
 * How far a list in creation order ({@code created_at, id}, oldest first) is complete. A row is
 * created at or after the start of its transaction (PostgreSQL's {@code now()} or
 * {@code clock_timestamp()}), but commits when that transaction ends: a transaction that began
 * first may commit a row that sorts before rows already committed, and a client following the
 * list would have gone past its place. Every row before the horizon, the start of the oldest
 * transaction still running on the database, is in; a page shows only those.
 * <p>
 * Read it in a statement of its own, before the page's: a transaction running when the page's
 * snapshot is taken either began before this read, and is seen in it, or after it, and so creates
 * its rows after the horizon, which is never later than the read.
 */
public final class ListHorizon {

  private static final String QUERY = "SELECT least(clock_timestamp(), min(xact_start)) FROM pg_stat_activity"
    + " WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()";

  private ListHorizon() {}

  public static Future<OffsetDateTime> read(SqlClient client) {
    return client.query(QUERY).execute().map(rows -> rows.iterator().next().getOffsetDateTime(0));
  }
}
