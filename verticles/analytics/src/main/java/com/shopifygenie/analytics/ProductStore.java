package com.shopifygenie.analytics;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

/**
 * All SQL of products as catalog announced them: sku and title from product events, available
 * stock and the reorder point from inventory events. Each event sets only its own columns, so
 * product and inventory events (two topics, unordered between them on Kafka) may come in any order.
 */
final class ProductStore {

  Future<Void> described(SqlClient tx, UUID productId, String sku, String title) {
    return tx.preparedQuery("INSERT INTO products (product_id, sku, title) VALUES ($1, $2, $3) "
        + "ON CONFLICT (product_id) DO UPDATE SET sku = EXCLUDED.sku, title = EXCLUDED.title")
      .execute(Tuple.of(productId, sku, title)).mapEmpty();
  }

  /** Available stock as an adjustment announced it. */
  record Stocked(UUID productId, String sku, int available) {}

  /**
   * What {@link #stocked} does for each, in one statement: per product, the last available count,
   * and the first sku heard where none was known.
   */
  Future<Void> stockedAll(SqlClient tx, List<Stocked> stocked) {
    var last = new LinkedHashMap<UUID, Stocked>();
    stocked.forEach(s -> last.merge(s.productId(), s, (kept, next) -> new Stocked(next.productId(), kept.sku(),
      next.available())));
    var rows = List.copyOf(last.values());
    return tx.preparedQuery("INSERT INTO products (product_id, sku, available) "
        + "SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[]) "
        + "ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available, "
        + "sku = coalesce(products.sku, EXCLUDED.sku)")
      .execute(Tuple.tuple().addArrayOfUUID(rows.stream().map(Stocked::productId).toArray(UUID[]::new))
        .addArrayOfString(rows.stream().map(Stocked::sku).toArray(String[]::new))
        .addArrayOfInteger(rows.stream().map(Stocked::available).toArray(Integer[]::new)))
      .mapEmpty();
  }

  Future<Void> low(SqlClient tx, UUID productId, String sku, int available, int reorderPoint) {
    return tx.preparedQuery("INSERT INTO products (product_id, sku, available, reorder_point) VALUES ($1, $2, $3, $4) "
        + "ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available, "
        + "reorder_point = EXCLUDED.reorder_point, sku = coalesce(products.sku, EXCLUDED.sku)")
      .execute(Tuple.of(productId, sku, available, reorderPoint)).mapEmpty();
  }

  /** Products at or below their reorder point (known once catalog said a product ran low). */
  Future<Long> lowStock(SqlClient client) {
    return client.query("SELECT count(*) FROM products WHERE reorder_point IS NOT NULL AND available <= reorder_point")
      .execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Every product with its stock and its sales from {@code from} on: units, and the sum of each
   * day's units squared (for the deviation of daily demand).
   */
  Future<List<Row>> withSalesSince(SqlClient client, LocalDate from) {
    return client.preparedQuery("SELECT p.product_id, p.sku, p.title, coalesce(p.available, 0) AS available, "
        + "coalesce(sum(s.units), 0) AS units, coalesce(sum(s.units::float8 * s.units), 0) AS squares "
        + "FROM products p LEFT JOIN daily_product_sales s ON s.product_id = p.product_id AND s.day >= $1 "
        + "GROUP BY p.product_id")
      .execute(Tuple.of(from))
      .map(rows -> Rows.all(rows, r -> r));
  }
}
