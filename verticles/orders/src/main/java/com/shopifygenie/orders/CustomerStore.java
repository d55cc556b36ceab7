package com.shopifygenie.orders;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** All SQL of the customers orders may be placed for. */
final class CustomerStore {

  /** Remembers a user; a user known already stays as it was. */
  Future<Void> add(SqlClient client, UUID id) {
    return client.preparedQuery("INSERT INTO customers (id) VALUES ($1) ON CONFLICT (id) DO NOTHING")
      .execute(Tuple.of(id)).mapEmpty();
  }

  Future<Boolean> exists(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT 1 FROM customers WHERE id = $1")
      .execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }
}
