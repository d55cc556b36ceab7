package com.shopifygenie.analytics;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** The events the read models come from, kept in the order they were applied, for a rebuild. */
final class EventLog {

  /**
   * Keeps a batch of events in one statement, in the batch's order. The inbox hands on only events
   * not applied before, so a plain INSERT: an ON CONFLICT would write a second WAL record per row.
   */
  Future<Void> keepAll(SqlClient tx, List<DomainEvent> events) {
    return tx.preparedQuery("INSERT INTO event_log (event_id, type, subject, time, data) "
        + "SELECT event_id, type, subject, time, data FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[]) WITH ORDINALITY "
        + "AS e(event_id, type, subject, time, data, n) ORDER BY n")
      .execute(Tuple.tuple().addArrayOfUUID(events.stream().map(DomainEvent::id).toArray(java.util.UUID[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::type).toArray(String[]::new))
        .addArrayOfString(events.stream().map(DomainEvent::subject).toArray(String[]::new))
        .addArrayOfOffsetDateTime(events.stream().map(DomainEvent::time).toArray(java.time.OffsetDateTime[]::new))
        .addArrayOfJsonObject(events.stream().map(DomainEvent::data).toArray(io.vertx.core.json.JsonObject[]::new)))
      .mapEmpty();
  }

  /** Up to {@code limit} events after the position, with their positions. */
  Future<List<Positioned>> after(SqlClient client, long position, int limit) {
    return client.preparedQuery("SELECT position, event_id, type, subject, time, data FROM event_log "
        + "WHERE position > $1 ORDER BY position LIMIT $2")
      .execute(Tuple.of(position, limit)).map(EventLog::positioned);
  }

  /**
   * The events at or before {@code position} not in the temporary table replayed, in position
   * order: those a replay reading pages by position missed because they were committed late.
   */
  Future<List<Positioned>> missed(SqlClient client, long position) {
    return client.preparedQuery("SELECT position, event_id, type, subject, time, data FROM event_log WHERE position IN "
        + "(SELECT position FROM event_log WHERE position <= $1 EXCEPT SELECT position FROM replayed) ORDER BY position")
      .execute(Tuple.of(position)).map(EventLog::positioned);
  }

  private static List<Positioned> positioned(RowSet<Row> rows) {
    return Rows.all(rows, r -> new Positioned(r.getLong("position"), new DomainEvent(r.getUUID("event_id"),
      "analytics", r.getString("type"), r.getString("subject"), r.getOffsetDateTime("time"),
      (io.vertx.core.json.JsonObject) r.getValue("data"))));
  }

  record Positioned(long position, DomainEvent event) {}
}
