package com.shopifygenie.accounting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** All SQL of the unit costs catalog announced, per product. */
final class ProductCostStore {

  /** A unit cost an event announced at a time. */
  record Announced(UUID productId, long amount, String currency, OffsetDateTime at) {}

  /**
   * Keeps the costs events announced, in one statement, unless a later event announced another
   * already (events of products may come late): per product, the latest announcement here (the
   * last of equal times) is the one that can win. Rows are written in product order, the same in
   * every transaction, so two of them writing the same products never wait for each other in a cycle.
   */
  Future<Void> rememberAll(SqlClient tx, List<Announced> announced) {
    var latest = new TreeMap<UUID, Announced>();
    announced.forEach(a -> latest.merge(a.productId(), a, (kept, next) -> next.at().isBefore(kept.at()) ? kept : next));
    var costs = List.copyOf(latest.values());
    return tx.preparedQuery("INSERT INTO product_costs (product_id, amount, currency, updated_at)"
        + " SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[])"
        + " ON CONFLICT (product_id) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,"
        + " updated_at = EXCLUDED.updated_at WHERE product_costs.updated_at <= EXCLUDED.updated_at")
      .execute(Tuple.tuple().addArrayOfUUID(costs.stream().map(Announced::productId).toArray(UUID[]::new))
        .addArrayOfLong(costs.stream().map(Announced::amount).toArray(Long[]::new))
        .addArrayOfString(costs.stream().map(Announced::currency).toArray(String[]::new))
        .addArrayOfOffsetDateTime(costs.stream().map(Announced::at).toArray(OffsetDateTime[]::new)))
      .mapEmpty();
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
