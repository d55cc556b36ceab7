package com.shopifygenie.analytics;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.UUID;

/** All SQL of the orders analytics heard of and their last status. */
final class OrderStore {

  Future<Void> placed(SqlClient tx, UUID orderId, UUID customerId, OffsetDateTime at) {
    return tx.preparedQuery("INSERT INTO orders (order_id, customer_id, status, placed_at) VALUES ($1, $2, 'pending', $3) "
        + "ON CONFLICT (order_id) DO UPDATE SET placed_at = EXCLUDED.placed_at")
      .execute(Tuple.of(orderId, customerId, at)).mapEmpty();
  }

  Future<Void> status(SqlClient tx, UUID orderId, UUID customerId, String status) {
    return tx.preparedQuery("INSERT INTO orders (order_id, customer_id, status) VALUES ($1, $2, $3) "
        + "ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status")
      .execute(Tuple.of(orderId, customerId, status)).mapEmpty();
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
