package com.shopifygenie.customers;

import com.shopifygenie.platform.Caller;
import com.shopifygenie.platform.Ids;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Rows;
import com.shopifygenie.platform.Times;
import com.shopifygenie.platform.WireName;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/** All SQL of the consent history. Writers hold the customer's profile lock ({@link ProfileStore#lock}). */
final class ConsentStore {

  private static final String COLUMNS = "id, channel, purpose, granted, source, changed_by, changed_by_role, at";

  /** Every change of a customer, oldest first. */
  Future<List<Consent.Change>> history(SqlClient client, UUID customerId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM consent_changes WHERE customer_id = $1 ORDER BY at, id")
      .execute(Tuple.of(customerId)).map(rows -> Rows.all(rows, ConsentStore::change));
  }

  Future<Void> record(SqlClient tx, UUID customerId, List<Consent.Change> changes, Caller by) {
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    // one statement per change, in order: each takes its own clock_timestamp()
    Future<Void> chain = Future.succeededFuture();
    for (var c : changes) {
      chain = chain.compose(v -> tx.preparedQuery("INSERT INTO consent_changes (id, customer_id, channel, purpose, "
          + "granted, source, changed_by, changed_by_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .execute(Tuple.from(new Object[] {Ids.next(), customerId, c.channel().wireName(), c.purpose().wireName(),
          c.granted(), c.source(), by.userId(), by.role().wireName()}))
        .mapEmpty());
    }
    return chain;
  }

  /** A page of the history as the contract shows it, oldest first. */
  Future<List<Row>> page(SqlClient client, UUID customerId, PageCursor after, int limit) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM consent_changes WHERE customer_id = $1"
        + " AND ($2::timestamptz IS NULL OR (at, id) > ($2, $3)) ORDER BY at, id LIMIT $4")
      .execute(Tuple.of(customerId, after.time(), after.id(), limit + 1)).map(rows -> Rows.all(rows, row -> row));
  }

  static JsonObject toJson(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("channel", row.getString("channel"))
      .put("purpose", row.getString("purpose")).put("granted", row.getBoolean("granted"))
      .put("source", row.getString("source"))
      .put("changed_by", new JsonObject().put("user_id", row.getUUID("changed_by").toString())
        .put("role", row.getString("changed_by_role")))
      .put("at", Times.format(row.getOffsetDateTime("at")));
  }

  private static Consent.Change change(Row row) {
    return new Consent.Change(WireName.fromWire(Consent.Channel.class, row.getString("channel")),
      WireName.fromWire(Consent.Purpose.class, row.getString("purpose")), row.getBoolean("granted"),
      row.getString("source"), row.getOffsetDateTime("at"));
  }
}
