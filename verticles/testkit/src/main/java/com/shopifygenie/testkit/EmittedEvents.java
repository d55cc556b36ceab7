package com.shopifygenie.testkit;

import com.shopifygenie.platform.DomainEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The one way tests check what domains emitted: every event in the outbox of every database of
 * an installation (a server and a database prefix) against its schema in schemas/events/, however
 * the installation was started (TestSystem, a Node, the jar in its own JVM).
 */
public final class EmittedEvents {

  private EmittedEvents() {}

  /** The same, for a caller without a Vert.x instance of its own (a test of a process it started). */
  public static int assertValid(String dbUrl, String dbPrefix) {
    var vertx = Vertx.vertx();
    try {
      return assertValid(vertx, dbUrl, dbPrefix);
    } finally {
      vertx.close().await();
    }
  }

  /** Fails on the first event that breaks its schema; answers how many events were checked. */
  public static int assertValid(Vertx vertx, String dbUrl, String dbPrefix) {
    var server = PgConnectOptions.fromUri(dbUrl);
    var names = PgConnection.connect(vertx, new PgConnectOptions(server).setDatabase("postgres"))
      .compose(conn -> conn.preparedQuery("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
        .execute(Tuple.of(dbPrefix)).eventually(conn::close)).await();
    var checked = 0;
    for (var name : names) {
      var rows = PgConnection.connect(vertx, new PgConnectOptions(server).setDatabase(name.getString(0)))
        .compose(conn -> conn.query("SELECT id, source, type, subject, time, data FROM outbox").execute()
          .eventually(conn::close)).await();
      for (var row : rows) {
        EventSchemas.assertValid(vertx, new DomainEvent(row.getUUID("id"), row.getString("source"), row.getString("type"),
          row.getString("subject"), row.getOffsetDateTime("time"), row.getJsonObject("data")));
        checked++;
      }
    }
    return checked;
  }
}
