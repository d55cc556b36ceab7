package com.shopifygenie.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * All SQL of the users orders knows of and whether each is a customer, the only kind of user an
 * order may be for.
 */
final class CustomerStore {

  /** Auth's last word on the user's role: registered, or changed (a user's events come in order). */
  Future<Void> announce(SqlClient client, UUID id, boolean customer) {
    return client.preparedQuery("INSERT INTO customers (id, is_customer) VALUES ($1, $2) "
        + "ON CONFLICT (id) DO UPDATE SET is_customer = excluded.is_customer")
      .execute(Tuple.of(id, customer)).mapEmpty();
  }

  /** A customer orders may be placed for. */
  Future<Boolean> exists(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT 1 FROM customers WHERE id = $1 AND is_customer")
      .execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }
}
