package com.shopifygenie.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of refunds and their lines. */
final class RefundStore {

  private static final String SELECT = "SELECT r.id, r.order_id, r.payment_id, r.amount, r.currency, r.reason, r.cause, "
    + "r.created_at, l.sku, l.quantity, l.restock, l.amount AS line_amount, o.product_id "
    + "FROM refunds r LEFT JOIN refund_lines l ON l.refund_id = r.id "
    + "LEFT JOIN order_lines o ON o.order_id = r.order_id AND o.sku = l.sku ";

  Future<Refund> insert(SqlClient tx, Refund refund) {
    var tuples = new ArrayList<Tuple>();
    for (int i = 0; i < refund.lines().size(); i++) {
      var l = refund.lines().get(i);
      tuples.add(Tuple.of(refund.id(), i, l.sku(), l.quantity(), l.restock(), l.amount()));
    }
    Future<?> inserted = tx.preparedQuery("INSERT INTO refunds (id, order_id, payment_id, amount, currency, reason, cause) "
        + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at")
      .execute(Tuple.of(refund.id(), refund.orderId(), refund.paymentId(), refund.amount(), refund.currency(),
        refund.reason(), refund.cause()));
    return inserted.compose(v -> tuples.isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("INSERT INTO refund_lines (refund_id, line_no, sku, quantity, restock, amount) "
          + "VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(tuples))
      .compose(v -> byId(tx, refund.orderId(), refund.id())).map(Optional::orElseThrow);
  }

  /** The order's refunds, oldest first, with their lines. */
  Future<List<Refund>> byOrder(SqlClient client, UUID orderId) {
    return client.preparedQuery(SELECT + "WHERE r.order_id = $1 ORDER BY r.created_at, r.id, l.line_no")
      .execute(Tuple.of(orderId)).map(RefundStore::refunds);
  }

  /** One refund of the order, with its lines. */
  Future<Optional<Refund>> byId(SqlClient client, UUID orderId, UUID id) {
    return client.preparedQuery(SELECT + "WHERE r.order_id = $1 AND r.id = $2 ORDER BY l.line_no")
      .execute(Tuple.of(orderId, id)).map(rows -> refunds(rows).stream().findFirst());
  }

  private static List<Refund> refunds(Iterable<Row> rows) {
    var byId = new LinkedHashMap<UUID, Refund>();
    for (var r : rows) {
      var refund = byId.computeIfAbsent(r.getUUID("id"), id -> new Refund(id, r.getUUID("order_id"),
        r.getUUID("payment_id"), r.getLong("amount"), r.getString("currency"), r.getString("reason"),
        r.getString("cause"), new ArrayList<>(), r.getOffsetDateTime("created_at")));
      if (r.getString("sku") != null) {
        refund.lines().add(new Refund.Line(r.getString("sku"), r.getUUID("product_id"), r.getInteger("quantity"),
          r.getBoolean("restock"), r.getLong("line_amount")));
      }
    }
    return List.copyOf(byId.values());
  }
}
