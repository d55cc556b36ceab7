package com.shopifygenie.catalog;

import com.shopifygenie.platform.ListHorizon;
import com.shopifygenie.platform.PageCursor;
import com.shopifygenie.platform.Problem;
import com.shopifygenie.platform.Rows;
import com.shopifygenie.platform.SqlStates;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** All SQL of the products aggregate. */
final class ProductStore {

  private static final String COLUMNS =
    "id, sku, title, description, currency, price_amount, cost_amount, status, version, created_at, updated_at";

  /** A page of products whose title or sku matches an ILIKE pattern; see {@link #searched}. */
  static final String SEARCH = "SELECT " + COLUMNS + " FROM products"
    + " WHERE (title ILIKE $1 OR sku ILIKE $1)"
    + " AND ($2::text IS NULL OR status = $2)"
    + " AND (NOT $3 OR status = 'active')"
    + " AND ($4::timestamptz IS NULL OR (created_at, id) > ($4, $5))"
    + " AND created_at < $7"
    + " ORDER BY created_at, id LIMIT $6";

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

  /** The products of these ids that exist, by id. */
  Future<Map<UUID, Product>> byIds(SqlClient client, List<UUID> ids) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM products WHERE id = ANY($1)")
      .execute(Tuple.of(ids.toArray(UUID[]::new)))
      .map(rows -> {
        var found = new HashMap<UUID, Product>();
        Rows.all(rows, ProductStore::product).forEach(product -> found.put(product.id(), product));
        return found;
      });
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
   * one row more than asked to know whether another page follows. Only products before the
   * {@link ListHorizon}, so a client following the list misses none committed late.
   */
  Future<List<Product>> page(SqlClient client, ProductFilter filter, PageCursor after, int limit) {
    return ListHorizon.read(client).compose(horizon -> filter.text() == null
      ? listed(client, filter, after, limit, horizon) : searched(client, filter, after, limit, horizon));
  }

  private Future<List<Product>> listed(SqlClient client, ProductFilter filter, PageCursor after, int limit,
                                       OffsetDateTime horizon) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM products"
        + " WHERE ($1::text IS NULL OR status = $1)"
        + " AND (NOT $2 OR status = 'active')"
        + " AND ($3::timestamptz IS NULL OR (created_at, id) > ($3, $4))"
        + " AND created_at < $6"
        + " ORDER BY created_at, id LIMIT $5")
      .execute(Tuple.of(statusOf(filter), filter.activeOnly(), after.time(), after.id(), limit + 1, horizon))
      .map(rows -> Rows.all(rows, ProductStore::product));
  }

  /**
   * The text filters through the trigram indexes (db/catalog/V2); the order stays (created_at, id)
   * rather than a relevance rank. A rank would have to score and sort every match for every page
   * (as slow as a scan for a common word at any table size) and would need a cursor over the
   * score; this order lets the planner either walk the index in order until the page is full
   * (common text) or fetch the few matches from the trigram index (rare text), and pages stay
   * complete and free of duplicates with the one cursor every list uses.
   */
  private Future<List<Product>> searched(SqlClient client, ProductFilter filter, PageCursor after, int limit,
                                         OffsetDateTime horizon) {
    return client.preparedQuery(SEARCH)
      .execute(Tuple.of(containing(filter.text()), statusOf(filter), filter.activeOnly(), after.time(), after.id(),
        limit + 1, horizon))
      .map(rows -> Rows.all(rows, ProductStore::product));
  }

  /** An ILIKE pattern matching the text anywhere, its %, _ and \ taken literally (\ is ILIKE's escape). */
  static String containing(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static String statusOf(ProductFilter filter) {
    return filter.status() == null ? null : filter.status().wireName();
  }

  /** status: only that status; activeOnly: what customers may see; text: a substring of title or sku, in any case. */
  record ProductFilter(ProductStatus status, boolean activeOnly, String text) {}

  private static Product product(Row row) {
    var currency = row.getString("currency");
    return new Product(row.getUUID("id"), row.getString("sku"), row.getString("title"), row.getString("description"),
      new Money(row.getLong("price_amount"), currency), new Money(row.getLong("cost_amount"), currency),
      ProductStatus.fromWire(row.getString("status")), row.getInteger("version"),
      row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }
}
