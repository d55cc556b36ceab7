package com.shopifygenie.orders;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of shipments and their lines. */
final class ShipmentStore {

  private static final String COLUMNS = "s.id, s.order_id, s.status, s.carrier, s.tracking_number, s.created_at, "
    + "s.updated_at, l.sku, l.quantity";

  Future<Shipment> insert(SqlClient tx, UUID id, UUID orderId, String carrier, String trackingNumber,
                          List<Shipment.Line> lines) {
    var tuples = new ArrayList<Tuple>();
    for (int i = 0; i < lines.size(); i++) {
      tuples.add(Tuple.of(id, i, lines.get(i).sku(), lines.get(i).quantity()));
    }
    return tx.preparedQuery("INSERT INTO shipments (id, order_id, status, carrier, tracking_number) "
        + "VALUES ($1, $2, 'shipped', $3, $4)").execute(Tuple.of(id, orderId, carrier, trackingNumber))
      .compose(v -> tx.preparedQuery("INSERT INTO shipment_lines (shipment_id, line_no, sku, quantity) "
        + "VALUES ($1, $2, $3, $4)").executeBatch(tuples))
      .compose(v -> byId(tx, orderId, id)).map(Optional::orElseThrow);
  }

  Future<List<Shipment>> byOrder(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id "
        + "WHERE s.order_id = $1 ORDER BY s.created_at, s.id, l.line_no")
      .execute(Tuple.of(orderId)).map(ShipmentStore::shipments);
  }

  Future<Optional<Shipment>> byId(SqlClient client, UUID orderId, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM shipments s JOIN shipment_lines l ON l.shipment_id = s.id "
        + "WHERE s.order_id = $1 AND s.id = $2 ORDER BY l.line_no")
      .execute(Tuple.of(orderId, id)).map(rows -> ShipmentStore.shipments(rows).stream().findFirst());
  }

  Future<Void> move(SqlClient tx, UUID id, ShipmentStatus to) {
    return tx.preparedQuery("UPDATE shipments SET status = $2, updated_at = now() WHERE id = $1")
      .execute(Tuple.of(id, to.wireName())).mapEmpty();
  }

  /** Whether every shipment of the order arrived. */
  Future<Boolean> allDelivered(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT count(*) FROM shipments WHERE order_id = $1 AND status <> 'delivered'")
      .execute(Tuple.of(orderId)).map(rows -> rows.iterator().next().getLong(0) == 0);
  }

  /** Rows of shipments joined with their lines, one shipment per id in the rows' order. */
  private static List<Shipment> shipments(Iterable<Row> rows) {
    var byId = new LinkedHashMap<UUID, Shipment>();
    for (var r : rows) {
      var shipment = byId.computeIfAbsent(r.getUUID("id"), id -> new Shipment(id, r.getUUID("order_id"),
        ShipmentStatus.fromWire(r.getString("status")), r.getString("carrier"), r.getString("tracking_number"),
        new ArrayList<>(), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at")));
      shipment.lines().add(new Shipment.Line(r.getString("sku"), r.getInteger("quantity")));
    }
    return List.copyOf(byId.values());
  }
}
