package com.shopifygenie.analytics;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.UUID;

/**
 * All SQL of co-purchase counts: paid baskets, the baskets holding each product, each ordered pair
 * of products and each customer's products. Products are taken in id order (a Sale's order).
 */
final class BasketStore {

  /** A pair's count, with the other product's own count and what catalog said of it. */
  record PairCount(UUID product, long together, long withProduct, String sku, String title) {}

  Future<Void> add(SqlClient tx, Sale sale) {
    if (sale.lines().isEmpty()) {
      return Future.succeededFuture();
    }
    var ids = sale.productIds();
    var pairs = sale.pairs();
    return tx.query("UPDATE basket_totals SET baskets = baskets + 1").execute()
      .compose(v -> tx.preparedQuery("INSERT INTO product_baskets AS b (product_id, baskets) SELECT p, 1 FROM unnest($1::uuid[]) AS t(p) "
          + "ON CONFLICT (product_id) DO UPDATE SET baskets = b.baskets + 1")
        .execute(Tuple.tuple().addValue(ids)))
      .compose(v -> pairs[0].length == 0 ? Future.succeededFuture() : tx.preparedQuery(
          "INSERT INTO pair_baskets AS b (product_id, other_id, baskets) SELECT p, o, 1 FROM unnest($1::uuid[], $2::uuid[]) AS t(p, o) "
            + "ON CONFLICT (product_id, other_id) DO UPDATE SET baskets = b.baskets + 1")
        .execute(Tuple.tuple().addValue(pairs[0]).addValue(pairs[1])))
      .compose(v -> tx.preparedQuery("INSERT INTO customer_products AS c (customer_id, product_id, orders) "
          + "SELECT $1, p, 1 FROM unnest($2::uuid[]) AS t(p) "
          + "ON CONFLICT (customer_id, product_id) DO UPDATE SET orders = c.orders + 1")
        .execute(Tuple.tuple().addValue(sale.customerId()).addValue(ids)))
      .mapEmpty();
  }

  /** A run of sales at once: each counter row once, in the tables' and keys' order of {@link #add}. */
  Future<Void> addAll(SqlClient tx, SaleBatch batch) {
    if (batch.baskets == 0) {
      return Future.succeededFuture();
    }
    var pairs = batch.basketsByPair.keySet();
    var owned = batch.ordersByCustomerProduct.keySet();
    return tx.preparedQuery("UPDATE basket_totals SET baskets = baskets + $1").execute(Tuple.of(batch.baskets))
      .compose(v -> tx.preparedQuery("INSERT INTO product_baskets AS b (product_id, baskets) "
          + "SELECT * FROM unnest($1::uuid[], $2::bigint[]) ON CONFLICT (product_id) DO UPDATE SET baskets = b.baskets + EXCLUDED.baskets")
        .execute(Tuple.tuple().addArrayOfUUID(batch.basketsByProduct.keySet().toArray(UUID[]::new))
          .addArrayOfLong(batch.basketsByProduct.values().toArray(Long[]::new))))
      .compose(v -> pairs.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
          "INSERT INTO pair_baskets AS b (product_id, other_id, baskets) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) "
            + "ON CONFLICT (product_id, other_id) DO UPDATE SET baskets = b.baskets + EXCLUDED.baskets")
        .execute(Tuple.tuple().addArrayOfUUID(pairs.stream().map(SaleBatch.Pair::product).toArray(UUID[]::new))
          .addArrayOfUUID(pairs.stream().map(SaleBatch.Pair::other).toArray(UUID[]::new))
          .addArrayOfLong(batch.basketsByPair.values().toArray(Long[]::new))))
      .compose(v -> tx.preparedQuery("INSERT INTO customer_products AS c (customer_id, product_id, orders) "
          + "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) "
          + "ON CONFLICT (customer_id, product_id) DO UPDATE SET orders = c.orders + EXCLUDED.orders")
        .execute(Tuple.tuple().addArrayOfUUID(owned.stream().map(SaleBatch.CustomerProduct::customer).toArray(UUID[]::new))
          .addArrayOfUUID(owned.stream().map(SaleBatch.CustomerProduct::product).toArray(UUID[]::new))
          .addArrayOfInteger(batch.ordersByCustomerProduct.values().stream().map(Long::intValue).toArray(Integer[]::new))))
      .mapEmpty();
  }

  Future<Long> baskets(SqlClient client) {
    return client.query("SELECT baskets FROM basket_totals").execute().map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Long> basketsWith(SqlClient client, UUID productId) {
    return client.preparedQuery("SELECT baskets FROM product_baskets WHERE product_id = $1").execute(Tuple.of(productId))
      .map(rows -> Rows.first(rows, r -> r.getLong(0)).orElse(0L));
  }

  /** The products bought with this one in at least {@code minimum} baskets. */
  Future<List<PairCount>> boughtWith(SqlClient client, UUID productId, long minimum) {
    return client.preparedQuery("SELECT b.other_id, b.baskets AS together, o.baskets AS with_other, p.sku, p.title "
        + "FROM pair_baskets b JOIN product_baskets o ON o.product_id = b.other_id "
        + "LEFT JOIN products p ON p.product_id = b.other_id WHERE b.product_id = $1 AND b.baskets >= $2")
      .execute(Tuple.of(productId, minimum))
      .map(rows -> Rows.all(rows, r -> new PairCount(r.getUUID("other_id"), r.getLong("together"),
        r.getLong("with_other"), r.getString("sku"), r.getString("title"))));
  }

  /** The products in the most baskets, most first. */
  Future<List<Row>> mostBought(SqlClient client, int limit) {
    return client.preparedQuery("SELECT b.product_id, b.baskets, p.sku, p.title FROM product_baskets b "
        + "LEFT JOIN products p ON p.product_id = b.product_id ORDER BY b.baskets DESC, b.product_id LIMIT $1")
      .execute(Tuple.of(limit))
      .map(rows -> Rows.all(rows, r -> r));
  }

  /**
   * Products bought by customers who bought something this customer bought, and not by it: by how
   * many such customers, then by how many products they share with it, best first.
   */
  Future<List<Row>> forCustomer(SqlClient client, UUID customerId, int limit) {
    return client.preparedQuery("WITH mine AS (SELECT product_id FROM customer_products WHERE customer_id = $1), "
        + "peers AS (SELECT c.customer_id, count(*) AS shared FROM customer_products c JOIN mine USING (product_id) "
        + "WHERE c.customer_id <> $1 GROUP BY c.customer_id) "
        + "SELECT c.product_id, count(*) AS customers, sum(peers.shared) AS shared, min(p.sku) AS sku, min(p.title) AS title "
        + "FROM customer_products c JOIN peers USING (customer_id) LEFT JOIN products p ON p.product_id = c.product_id "
        + "WHERE c.product_id NOT IN (SELECT product_id FROM mine) "
        + "GROUP BY c.product_id ORDER BY customers DESC, shared DESC, c.product_id LIMIT $2")
      .execute(Tuple.of(customerId, limit))
      .map(rows -> Rows.all(rows, r -> r));
  }
}
