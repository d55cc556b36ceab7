package com.shopifygenie.customers;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of customers' addresses. Writers hold the customer's profile lock ({@link ProfileStore#lock}). */
final class AddressStore {

  private static final String COLUMNS = "id, customer_id, name, line1, line2, city, region, postal_code, country, "
    + "phone, default_shipping, default_billing, created_at, updated_at";

  Future<List<Address>> of(SqlClient client, UUID customerId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM addresses WHERE customer_id = $1 ORDER BY created_at, id")
      .execute(Tuple.of(customerId)).map(rows -> Rows.all(rows, AddressStore::address));
  }

  Future<Optional<Address>> byId(SqlClient client, UUID customerId, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM addresses WHERE customer_id = $1 AND id = $2")
      .execute(Tuple.of(customerId, id)).map(rows -> Rows.first(rows, AddressStore::address));
  }

  Future<Long> count(SqlClient client, UUID customerId) {
    return client.preparedQuery("SELECT count(*) FROM addresses WHERE customer_id = $1").execute(Tuple.of(customerId))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Inserts or rewrites the address; a new default takes the place of the customer's previous one. */
  Future<Address> save(SqlClient tx, Address a) {
    return tx.preparedQuery("UPDATE addresses SET default_shipping = default_shipping AND NOT $3, "
        + "default_billing = default_billing AND NOT $4, updated_at = now() "
        + "WHERE customer_id = $1 AND id <> $2 AND ((default_shipping AND $3) OR (default_billing AND $4))")
      .execute(Tuple.of(a.customerId(), a.id(), a.defaultShipping(), a.defaultBilling()))
      .compose(v -> tx.preparedQuery("INSERT INTO addresses (id, customer_id, name, line1, line2, city, region, "
          + "postal_code, country, phone, default_shipping, default_billing) "
          + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
          + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, line1 = EXCLUDED.line1, line2 = EXCLUDED.line2, "
          + "city = EXCLUDED.city, region = EXCLUDED.region, postal_code = EXCLUDED.postal_code, "
          + "country = EXCLUDED.country, phone = EXCLUDED.phone, default_shipping = EXCLUDED.default_shipping, "
          + "default_billing = EXCLUDED.default_billing, updated_at = now() RETURNING " + COLUMNS)
        .execute(Tuple.from(new Object[] {a.id(), a.customerId(), a.name(), a.line1(), a.line2(), a.city(), a.region(),
          a.postalCode(), a.country(), a.phone(), a.defaultShipping(), a.defaultBilling()})))
      .map(rows -> address(rows.iterator().next()));
  }

  /** True when there was such an address. */
  Future<Boolean> delete(SqlClient tx, UUID customerId, UUID id) {
    return tx.preparedQuery("DELETE FROM addresses WHERE customer_id = $1 AND id = $2")
      .execute(Tuple.of(customerId, id)).map(rows -> rows.rowCount() == 1);
  }

  private static Address address(Row r) {
    return new Address(r.getUUID("id"), r.getUUID("customer_id"), r.getString("name"), r.getString("line1"),
      r.getString("line2"), r.getString("city"), r.getString("region"), r.getString("postal_code"),
      r.getString("country"), r.getString("phone"), r.getBoolean("default_shipping"), r.getBoolean("default_billing"),
      r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
  }
}
