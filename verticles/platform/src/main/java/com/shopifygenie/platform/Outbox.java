package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The transactional outbox: an event is written in the same transaction as the change it
 * reports, so it exists if and only if the change committed.
 */
public final class Outbox {

  private static final String INSERT =
    "INSERT INTO outbox (id, source, type, subject, time, data) VALUES ($1, $2, $3, $4, $5, $6)";

  private Outbox() {}

  /** Appends an event made by the domain's {@link EventSource}; call with the transaction's connection. */
  public static Future<Void> append(SqlClient tx, DomainEvent event) {
    return tx.preparedQuery(INSERT)
      .execute(Tuple.of(event.id(), event.source(), event.type(), event.subject(), event.time(), event.data()))
      .onSuccess(rows -> wakeRelayOnCommit(tx, event.source()))
      .mapEmpty();
  }

  /** Where the relay of a domain listens to be told that events wait in its outbox. */
  static String wakeAddress(String domain) {
    return "outbox.appended." + domain;
  }

  /**
   * Tells the domain's relay, on every node, once the transaction commits: faster than its poll,
   * and without the commit-serializing NOTIFY a database trigger would send.
   */
  private static void wakeRelayOnCommit(SqlClient tx, String domain) {
    var context = Vertx.currentContext();
    if (context != null && tx instanceof SqlConnection connection && connection.transaction() != null) {
      connection.transaction().completion()
        .onSuccess(committed -> context.owner().eventBus().publish(wakeAddress(domain), null));
    }
  }
}
