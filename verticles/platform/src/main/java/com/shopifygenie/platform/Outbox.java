package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
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
      .mapEmpty();
  }
}
