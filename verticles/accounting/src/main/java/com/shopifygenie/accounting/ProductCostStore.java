package com.shopifygenie.accounting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** All SQL of the unit costs catalog announced, per product. */
final class ProductCostStore {

  /** Keeps the cost an event announced unless a later event announced another already (events of products may come late). */
  Future<Void> remember(SqlClient tx, UUID productId, long amount, String currency, OffsetDateTime at) {
    return tx.preparedQuery("INSERT INTO product_costs (product_id, amount, currency, updated_at) VALUES ($1, $2, $3, $4)"
        + " ON CONFLICT (product_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,"
        + " updated_at = EXCLUDED.updated_at WHERE product_costs.updated_at <= EXCLUDED.updated_at")
      .execute(Tuple.of(productId, amount, currency, at)).mapEmpty();
  }

  Future<Map<UUID, Long>> costs(SqlClient client, List<UUID> productIds) {
    return client.preparedQuery("SELECT product_id, amount FROM product_costs WHERE product_id = ANY($1)")
      .execute(Tuple.of(productIds.toArray(UUID[]::new)))
      .map(rows -> {
        var costs = new HashMap<UUID, Long>();
        rows.forEach(row -> costs.put(row.getUUID("product_id"), row.getLong("amount")));
        return costs;
      });
  }
}
