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
 * All SQL of products as catalog announced them: sku, title and whether archived from product
 * events; available stock and the reorder point from inventory events. Product and inventory events
 * come on two topics, unordered between them on Kafka, so each sets only what it is the last word
 * on: an inventory event (later in catalog's order than the product's creation) its stock and
 * point, a product event its facts, and product.created the stock and point the product was created
 * with only where no inventory event told them yet.
 */
final class ProductStore {

  /** A product's facts as a product event announced them; reorderPoint as it was created (null: not told). */
  record Described(UUID productId, String sku, String title, boolean archived, Integer reorderPoint) {}

  /**
   * What {@link Described} events do, in one statement: per product, the last event's facts, and
   * the first reorder point told (only product.created tells one). A new product has nothing on hand.
   */
  Future<Void> describedAll(SqlClient tx, List<Described> described) {
    var last = new LinkedHashMap<UUID, Described>();
    described.forEach(d -> last.merge(d.productId(), d, (kept, next) -> new Described(next.productId(), next.sku(),
      next.title(), next.archived(), kept.reorderPoint() != null ? kept.reorderPoint() : next.reorderPoint())));
    var rows = List.copyOf(last.values());
    return tx.preparedQuery("INSERT INTO products (product_id, sku, title, archived, available, reorder_point) "
        + "SELECT product_id, sku, title, archived, 0, reorder_point "
        + "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bool[], $5::int[]) "
        + "AS d(product_id, sku, title, archived, reorder_point) "
        + "ON CONFLICT (product_id) DO UPDATE SET sku = EXCLUDED.sku, title = EXCLUDED.title, "
        + "archived = EXCLUDED.archived, available = coalesce(products.available, EXCLUDED.available), "
        + "reorder_point = coalesce(products.reorder_point, EXCLUDED.reorder_point)")
      .execute(Tuple.tuple().addArrayOfUUID(rows.stream().map(Described::productId).toArray(UUID[]::new))
        .addArrayOfString(rows.stream().map(Described::sku).toArray(String[]::new))
        .addArrayOfString(rows.stream().map(Described::title).toArray(String[]::new))
        .addArrayOfBoolean(rows.stream().map(Described::archived).toArray(Boolean[]::new))
        .addArrayOfInteger(rows.stream().map(Described::reorderPoint).toArray(Integer[]::new)))
      .mapEmpty();
  }

  /**
   * Available stock as an inventory event announced it (an adjustment, an alert, new reorder
   * settings), with the reorder point where the event carries one (null: it does not).
   */
  record Stocked(UUID productId, String sku, int available, Integer reorderPoint) {}

  /**
   * What {@link Stocked} events do, in one statement: per product, the last available count, the
   * last reorder point told, and the first sku heard where none was known.
   */
  Future<Void> stockedAll(SqlClient tx, List<Stocked> stocked) {
    var last = new LinkedHashMap<UUID, Stocked>();
    stocked.forEach(s -> last.merge(s.productId(), s, (kept, next) -> new Stocked(next.productId(), kept.sku(),
      next.available(), next.reorderPoint() != null ? next.reorderPoint() : kept.reorderPoint())));
    var rows = List.copyOf(last.values());
    return tx.preparedQuery("INSERT INTO products (product_id, sku, available, reorder_point) "
        + "SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::int[]) "
        + "ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available, "
        + "reorder_point = coalesce(EXCLUDED.reorder_point, products.reorder_point), "
        + "sku = coalesce(products.sku, EXCLUDED.sku)")
      .execute(Tuple.tuple().addArrayOfUUID(rows.stream().map(Stocked::productId).toArray(UUID[]::new))
        .addArrayOfString(rows.stream().map(Stocked::sku).toArray(String[]::new))
        .addArrayOfInteger(rows.stream().map(Stocked::available).toArray(Integer[]::new))
        .addArrayOfInteger(rows.stream().map(Stocked::reorderPoint).toArray(Integer[]::new)))
      .mapEmpty();
  }

  /**
   * Products not archived whose available stock is at or below their reorder point: catalog's
   * GET /inventory/low-stock, counted. A point never told (events from before catalog announced it)
   * counts as 0, the least one: a product with nothing available is low whatever its point.
   */
  Future<Long> lowStock(SqlClient client) {
    return client.query("SELECT count(*) FROM products "
        + "WHERE NOT archived AND available <= coalesce(reorder_point, 0)")
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
