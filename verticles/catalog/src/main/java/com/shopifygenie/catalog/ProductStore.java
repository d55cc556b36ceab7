package com.shopifygenie.catalog;

import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Rows;
import com.shopifygenie.platform.SqlStates;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the products aggregate. */
final class ProductStore {

  private static final String COLUMNS =
    "id, sku, title, description, currency, price_amount, cost_amount, status, version, created_at, updated_at";

  /** Inserts a product; a taken sku is a 409. */
  Future<Product> insert(SqlClient client, UUID id, String sku, String title, String description, Money price,
                         Money unitCost, ProductStatus status) {
    return client.preparedQuery("INSERT INTO products (id, sku, title, description, currency, price_amount, cost_amount,"
        + " status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS)
      .execute(Tuple.of(id, sku, title, description, price.currency(), price.amount(), unitCost.amount(),
        status.wireName()))
      .map(rows -> Rows.first(rows, ProductStore::product).orElseThrow())
      .recover(e -> SqlStates.isUniqueViolation(e)
        ? Future.failedFuture(Problem.conflict("A product with sku " + sku + " already exists"))
        : Future.failedFuture(e));
  }

  Future<Optional<Product>> byId(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM products WHERE id = $1")
      .execute(Tuple.of(id)).map(rows -> Rows.first(rows, ProductStore::product));
  }

  /** Locks the row for the rest of the transaction; NO KEY UPDATE lets stock movements (which only reference it) go on. */
  Future<Optional<Product>> byIdForUpdate(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM products WHERE id = $1 FOR NO KEY UPDATE")
      .execute(Tuple.of(id)).map(rows -> Rows.first(rows, ProductStore::product));
  }

  /** Writes the changed facts as the next version. */
  Future<Product> update(SqlClient client, Product changed) {
    return client.preparedQuery("UPDATE products SET title = $2, description = $3, currency = $4, price_amount = $5,"
        + " cost_amount = $6, status = $7, version = version + 1, updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
      .execute(Tuple.of(changed.id(), changed.title(), changed.description(), changed.price().currency(),
        changed.price().amount(), changed.unitCost().amount(), changed.status().wireName()))
      .map(rows -> Rows.first(rows, ProductStore::product).orElseThrow());
  }

  /**
   * Oldest first by (created_at, id), so pages stay stable while products are added; fetches
   * one row more than asked to know whether another page follows.
   */
  Future<List<Product>> page(SqlClient client, ProductFilter filter, PageCursor after, int limit) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM products"
        + " WHERE ($1::text IS NULL OR status = $1)"
        + " AND (NOT $2 OR status = 'active')"
        + " AND ($3::text IS NULL OR strpos(lower(title), $3) > 0 OR strpos(lower(sku), $3) > 0)"
        + " AND ($4::timestamptz IS NULL OR (created_at, id) > ($4, $5))"
        + " ORDER BY created_at, id LIMIT $6")
      .execute(Tuple.of(filter.status() == null ? null : filter.status().wireName(), filter.activeOnly(), filter.text(),
        after.time(), after.id(), limit + 1))
      .map(rows -> Rows.all(rows, ProductStore::product));
  }

  /** status: only that status; activeOnly: what customers may see; text: lower-case substring of title or sku. */
  record ProductFilter(ProductStatus status, boolean activeOnly, String text) {}

  private static Product product(Row row) {
    var currency = row.getString("currency");
    return new Product(row.getUUID("id"), row.getString("sku"), row.getString("title"), row.getString("description"),
      new Money(row.getLong("price_amount"), currency), new Money(row.getLong("cost_amount"), currency),
      ProductStatus.fromWire(row.getString("status")), row.getInteger("version"),
      row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }
}
