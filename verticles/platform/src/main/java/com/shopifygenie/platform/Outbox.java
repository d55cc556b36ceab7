package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: an event is written in the same transaction as the change it
 * reports, so it exists if and only if the change committed.
 */
public final class Outbox {

  private static final String INSERT = insert(1);

  private static final String INSERT_ALL = insertAll(1);

  private Outbox() {}

  /** Appends an event made by the domain's {@link EventSource}; call with the transaction's connection. */
  public static Future<Void> append(SqlClient tx, DomainEvent event) {
    return appendWith(tx, INSERT, Tuple.tuple(), event).mapEmpty();
  }

  /**
   * The outbox's INSERT of one event, its parameters numbered from {@code first}: the last part of a
   * statement that makes a change and appends its event at once (see {@link #appendWith}).
   */
  public static String insert(int first) {
    return "INSERT INTO outbox (id, source, type, subject, time, data) VALUES ($" + first + ", $" + (first + 1)
      + ", $" + (first + 2) + ", $" + (first + 3) + ", $" + (first + 4) + ", $" + (first + 5) + ")";
  }

  /**
   * The outbox's INSERT of several events in their order, their parameters (six arrays) numbered
   * from {@code first}: the last part of a statement that makes a change and appends its events at
   * once (see {@link #appendAllWith}). Positions are taken in the events' order (ORDER BY n), so
   * the relay sends them in it.
   */
  public static String insertAll(int first) {
    return "INSERT INTO outbox (id, source, type, subject, time, data) "
      + "SELECT id, source, type, subject, time, data FROM unnest($" + first + "::uuid[], $" + (first + 1) + "::text[], $"
      + (first + 2) + "::text[], $" + (first + 3) + "::text[], $" + (first + 4) + "::timestamptz[], $" + (first + 5)
      + "::jsonb[]) WITH ORDINALITY AS e(id, source, type, subject, time, data, n) ORDER BY n";
  }

  /**
   * Runs a statement that makes a change and appends the event reporting it, its data-modifying
   * WITH queries followed by {@link #insert} numbered after {@code args}, the change's own
   * parameters (the event's are added to them). On the pool, outside a transaction, the change
   * and its event commit together in one round trip, without a BEGIN and a COMMIT of their own.
   */
  public static Future<RowSet<Row>> appendWith(SqlClient client, String statement, Tuple args, DomainEvent event) {
    return client.preparedQuery(statement)
      .execute(args.addUUID(event.id()).addString(event.source()).addString(event.type()).addString(event.subject())
        .addOffsetDateTime(event.time()).addJsonObject(event.data()))
      .onSuccess(rows -> wakeRelayOnCommit(client, event.source()));
  }

  /** Appends events in their order with one statement; call with the transaction's connection. */
  public static Future<Void> appendAll(SqlClient tx, List<DomainEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    if (events.size() == 1) {
      return append(tx, events.get(0));
    }
    return appendAllWith(tx, INSERT_ALL, Tuple.tuple(), events).mapEmpty();
  }

  /**
   * Runs a statement that makes a change and appends the events reporting it in their order, as
   * {@link #appendWith} does for one event, with {@link #insertAll} numbered after {@code args}.
   */
  public static Future<RowSet<Row>> appendAllWith(SqlClient client, String statement, Tuple args, List<DomainEvent> events) {
    return client.preparedQuery(statement)
      .execute(args.addArrayOfUUID(events.stream().map(DomainEvent::id).toArray(UUID[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::source).toArray(String[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::type).toArray(String[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::subject).toArray(String[]::new))
        .addArrayOfOffsetDateTime(events.stream().map(DomainEvent::time).toArray(OffsetDateTime[]::new))
        .addArrayOfJsonObject(events.stream().map(DomainEvent::data).toArray(JsonObject[]::new)))
      .onSuccess(rows -> events.stream().map(DomainEvent::source).distinct()
        .forEach(source -> wakeRelayOnCommit(client, source)));
  }

  /** Where the relay of a domain listens to be told that events wait in its outbox. */
  static String wakeAddress(String domain) {
    return "outbox.appended." + domain;
  }

  /**
   * Tells the domain's relay, on every node, once the transaction commits (at once when the
   * statement was a transaction of its own): faster than its poll, and without the
   * commit-serializing NOTIFY a database trigger would send.
   */
  private static void wakeRelayOnCommit(SqlClient client, String domain) {
    var context = Vertx.currentContext();
    if (context == null) {
      return;
    }
    if (client instanceof SqlConnection connection && connection.transaction() != null) {
      connection.transaction().completion()
        .onSuccess(committed -> context.owner().eventBus().publish(wakeAddress(domain), null));
    } else {
      context.owner().eventBus().publish(wakeAddress(domain), null);
    }
  }
}
