package com.shopifygenie.analytics;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/** All SQL of the orders analytics heard of and their last status. */
final class OrderStore {

  /** An order's row as an event sets it: its customer, and its status or the time it was placed. */
  record OrderUpdate(UUID orderId, UUID customerId, String status, OffsetDateTime placedAt) {}

  /**
   * Orders placed, in one statement: a new order is pending; one known already (its status came
   * first) only learns when it was placed. Per order, the last placing counts.
   */
  Future<Void> placedAll(SqlClient tx, List<OrderUpdate> placed) {
    var rows = lastPerOrder(placed);
    return tx.preparedQuery("INSERT INTO orders (order_id, customer_id, status, placed_at) "
        + "SELECT o, c, 'pending', t FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS x(o, c, t) "
        + "ON CONFLICT (order_id) DO UPDATE SET placed_at = EXCLUDED.placed_at")
      .execute(Tuple.tuple().addArrayOfUUID(rows.stream().map(OrderUpdate::orderId).toArray(UUID[]::new))
        .addArrayOfUUID(rows.stream().map(OrderUpdate::customerId).toArray(UUID[]::new))
        .addArrayOfOffsetDateTime(rows.stream().map(OrderUpdate::placedAt).toArray(OffsetDateTime[]::new)))
      .mapEmpty();
  }

  /** Orders' new statuses, in one statement; per order, the last one counts. */
  Future<Void> statusAll(SqlClient tx, List<OrderUpdate> statuses) {
    var rows = lastPerOrder(statuses);
    return tx.preparedQuery("INSERT INTO orders (order_id, customer_id, status) "
        + "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) "
        + "ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status")
      .execute(Tuple.tuple().addArrayOfUUID(rows.stream().map(OrderUpdate::orderId).toArray(UUID[]::new))
        .addArrayOfUUID(rows.stream().map(OrderUpdate::customerId).toArray(UUID[]::new))
        .addArrayOfString(rows.stream().map(OrderUpdate::status).toArray(String[]::new)))
      .mapEmpty();
  }

  /** One row per order (a statement may set a row once): the last set, with the first one's customer as inserted. */
  private static List<OrderUpdate> lastPerOrder(List<OrderUpdate> sets) {
    var last = new LinkedHashMap<UUID, OrderUpdate>();
    sets.forEach(set -> last.merge(set.orderId(), set,
      (kept, next) -> new OrderUpdate(next.orderId(), kept.customerId(), next.status(), next.placedAt())));
    return List.copyOf(last.values());
  }

  /** Orders paid at these times (one entry per order), in order id order. */
  Future<Void> paidAll(SqlClient tx, UUID[] orderIds, UUID[] customerIds, OffsetDateTime[] times) {
    return tx.preparedQuery("INSERT INTO orders (order_id, customer_id, status, paid_at) "
        + "SELECT o, c, 'paid', t FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS x(o, c, t) "
        + "ON CONFLICT (order_id) DO UPDATE SET status = 'paid', paid_at = EXCLUDED.paid_at")
      .execute(Tuple.tuple().addArrayOfUUID(orderIds).addArrayOfUUID(customerIds).addArrayOfOffsetDateTime(times))
      .mapEmpty();
  }

  Future<Void> paid(SqlClient tx, UUID orderId, UUID customerId, OffsetDateTime at) {
    return tx.preparedQuery("INSERT INTO orders (order_id, customer_id, status, paid_at) VALUES ($1, $2, 'paid', $3) "
        + "ON CONFLICT (order_id) DO UPDATE SET status = 'paid', paid_at = EXCLUDED.paid_at")
      .execute(Tuple.of(orderId, customerId, at)).mapEmpty();
  }
}
