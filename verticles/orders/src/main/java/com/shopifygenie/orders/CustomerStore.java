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

  /**
   * Auth's last word on the account: disabled or active again. The event carries the user's role, so
   * a user not heard of before is known from here on as what it is.
   */
  Future<Void> accountStatus(SqlClient client, UUID id, boolean customer, boolean disabled) {
    return client.preparedQuery("INSERT INTO customers (id, is_customer, disabled) VALUES ($1, $2, $3) "
        + "ON CONFLICT (id) DO UPDATE SET disabled = excluded.disabled")
      .execute(Tuple.of(id, customer, disabled)).mapEmpty();
  }

  /** What staff may know of a user before ordering for it. */
  enum Standing { UNKNOWN, DISABLED, ORDERABLE }

  /** Whether orders may be placed for this user: a customer whose account is not disabled. */
  Future<Standing> standing(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT disabled FROM customers WHERE id = $1 AND is_customer")
      .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? Standing.UNKNOWN
        : rows.iterator().next().getBoolean(0) ? Standing.DISABLED : Standing.ORDERABLE);
  }
}
