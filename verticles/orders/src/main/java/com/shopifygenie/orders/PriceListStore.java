package com.shopifygenie.orders;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** All SQL of the orders domain's own price list. */
final class PriceListStore {

  Future<Map<String, Pricing.ListedProduct>> bySkus(SqlClient client, Collection<String> skus) {
    return client.preparedQuery("SELECT sku, product_id, title, price_amount, currency, status FROM price_list WHERE sku = ANY($1)")
      .execute(Tuple.of(skus.toArray(new String[0])))
      .map(rows -> {
        var found = new HashMap<String, Pricing.ListedProduct>();
        Rows.all(rows, row -> new Pricing.ListedProduct(row.getString("sku"), row.getUUID("product_id"),
          row.getString("title"), row.getLong("price_amount"), row.getString("currency"), row.getString("status")))
          .forEach(product -> found.put(product.sku(), product));
        return found;
      });
  }

  /** Applies a product event unless a newer one was applied already. */
  Future<Void> upsert(SqlClient client, JsonObject product, OffsetDateTime asOf) {
    var price = product.getJsonObject("price");
    var cost = product.getJsonObject("unit_cost");
    return client.preparedQuery("INSERT INTO price_list (sku, product_id, title, price_amount, currency, status, as_of, "
        + "unit_cost_amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        + "ON CONFLICT (sku) DO UPDATE SET product_id = excluded.product_id, title = excluded.title, "
        + "price_amount = excluded.price_amount, currency = excluded.currency, status = excluded.status, "
        + "as_of = excluded.as_of, unit_cost_amount = excluded.unit_cost_amount "
        + "WHERE price_list.as_of <= excluded.as_of")
      .execute(Tuple.from(new Object[] {product.getString("sku"), UUID.fromString(product.getString("product_id")),
        product.getString("title"), price.getLong("amount"), price.getString("currency"), product.getString("status"),
        asOf, cost == null ? 0L : cost.getLong("amount")}))
      .mapEmpty();
  }

  /** The unit cost catalog last told orders, per product; a product it never heard of costs 0. */
  Future<Map<UUID, Long>> unitCosts(SqlClient client, Collection<UUID> productIds) {
    return client.preparedQuery("SELECT product_id, unit_cost_amount FROM price_list WHERE product_id = ANY($1)")
      .execute(Tuple.of(productIds.toArray(new UUID[0])))
      .map(rows -> {
        var costs = new HashMap<UUID, Long>();
        rows.forEach(row -> costs.put(row.getUUID("product_id"), row.getLong("unit_cost_amount")));
        return costs;
      });
  }
}
