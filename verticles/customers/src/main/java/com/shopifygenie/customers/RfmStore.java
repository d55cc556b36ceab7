package com.shopifygenie.customers;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** All SQL of RFM values, scores, segments and the quintile boundaries. */
final class RfmStore {

  /** The currency spend is measured in: amounts of different currencies do not add up. */
  private final String currency;

  RfmStore(String currency) {
    this.currency = currency;
  }

  /**
   * The customer's values from its paid orders; an order refunded in full no longer counts. Every
   * order counts for recency and frequency, only those in the shop's currency for the monetary value.
   */
  Future<Rfm.Values> values(SqlClient tx, UUID customerId) {
    return tx.preparedQuery("SELECT max(paid_at) FILTER (WHERE paid_amount > refunded_amount) AS last_order_at, "
        + "count(*) FILTER (WHERE paid_amount > refunded_amount) AS orders, "
        // a score ranks customers: past the largest amount it counts as the largest (it wrapped
        // around to a negative total, and the payment's points were lost with the transaction)
        + "least(coalesce(sum(greatest(paid_amount - refunded_amount, 0)) FILTER (WHERE currency = $2), 0), "
        + "9223372036854775807)::bigint AS monetary "
        + "FROM paid_orders WHERE customer_id = $1")
      .execute(Tuple.of(customerId, currency))
      .map(rows -> {
        var r = rows.iterator().next();
        return new Rfm.Values(customerId, r.getOffsetDateTime("last_order_at"), r.getInteger("orders"),
          r.getLong("monetary"));
      });
  }

  /**
   * The boundaries, read under a share lock: a recomputation (which takes the row for update)
   * waits for the customers being scored now, and they wait for it, so none is scored against
   * boundaries replaced meanwhile.
   */
  Future<Rfm.Boundaries> boundariesForScoring(SqlClient tx) {
    return tx.query("SELECT recency, frequency, monetary FROM rfm_boundaries FOR SHARE").execute()
      .map(rows -> boundaries(rows.iterator().next()));
  }

  Future<Void> lockBoundaries(SqlClient tx) {
    return tx.query("SELECT 1 FROM rfm_boundaries FOR UPDATE").execute().mapEmpty();
  }

  Future<Void> save(SqlClient tx, Rfm.Values v, Rfm rfm) {
    return tx.preparedQuery("INSERT INTO customer_scores (customer_id, last_order_at, orders, monetary, recency_score, "
        + "frequency_score, monetary_score, segment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
        + "ON CONFLICT (customer_id) DO UPDATE SET last_order_at = EXCLUDED.last_order_at, orders = EXCLUDED.orders, "
        + "monetary = EXCLUDED.monetary, recency_score = EXCLUDED.recency_score, "
        + "frequency_score = EXCLUDED.frequency_score, monetary_score = EXCLUDED.monetary_score, "
        + "segment = EXCLUDED.segment, updated_at = now()")
      .execute(tuple(v, rfm)).mapEmpty();
  }

  Future<List<Rfm.Values>> allWithOrders(SqlClient tx) {
    return tx.query("SELECT customer_id, last_order_at, orders, monetary FROM customer_scores WHERE orders > 0")
      .execute()
      .map(rows -> Rows.all(rows, r -> new Rfm.Values(r.getUUID("customer_id"), r.getOffsetDateTime("last_order_at"),
        r.getInteger("orders"), r.getLong("monetary"))));
  }

  Future<Void> saveBoundaries(SqlClient tx, Rfm.Boundaries b, int customers) {
    return tx.preparedQuery("UPDATE rfm_boundaries SET recency = $1, frequency = $2, monetary = $3, customers = $4, "
        + "computed_at = now()")
      .execute(Tuple.of(boxed(b.recency()), boxed(b.frequency()), boxed(b.monetary()), customers)).mapEmpty();
  }

  Future<Void> saveAll(SqlClient tx, List<Rfm.Values> all, Rfm.Boundaries b) {
    if (all.isEmpty()) {
      return Future.succeededFuture();
    }
    var batch = new ArrayList<Tuple>(all.size());
    all.forEach(v -> batch.add(tuple(v, Rfm.score(v, b))));
    return tx.preparedQuery("UPDATE customer_scores SET recency_score = $5, frequency_score = $6, "
        + "monetary_score = $7, segment = $8, updated_at = now() "
        + "WHERE customer_id = $1 AND $2::timestamptz IS NOT DISTINCT FROM last_order_at AND orders = $3 "
        + "AND monetary = $4")
      .executeBatch(batch).mapEmpty();
  }

  /** Customers per segment, and how many have no scores (no orders, or none yet scored). */
  Future<Map<String, Long>> counts(SqlClient client) {
    return client.query("SELECT coalesce(s.segment, '') AS segment, count(*) AS customers FROM profiles p "
        + "LEFT JOIN customer_scores s ON s.customer_id = p.id GROUP BY 1").execute()
      .map(rows -> Rows.all(rows, r -> r).stream()
        .collect(Collectors.toMap(r -> r.getString("segment"), r -> r.getLong("customers"))));
  }

  Future<Row> boundariesRow(SqlClient client) {
    return client.query("SELECT recency, frequency, monetary, customers, computed_at FROM rfm_boundaries").execute()
      .map(rows -> rows.iterator().next());
  }

  static Rfm.Boundaries boundaries(Row row) {
    return new Rfm.Boundaries(unboxed(row.getArrayOfLongs("recency")), unboxed(row.getArrayOfLongs("frequency")),
      unboxed(row.getArrayOfLongs("monetary")));
  }

  private static Tuple tuple(Rfm.Values v, Rfm rfm) {
    return Tuple.from(new Object[] {v.customerId(), v.lastOrderAt(), v.orders(), v.monetary(),
      rfm.recency() == null ? null : rfm.recency().shortValue(),
      rfm.frequency() == null ? null : rfm.frequency().shortValue(),
      rfm.monetary() == null ? null : rfm.monetary().shortValue(),
      rfm.segment() == null ? null : rfm.segment().wireName()});
  }

  private static Long[] boxed(long[] values) {
    if (values == null) {
      return null;
    }
    var boxed = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }

  static long[] unboxed(Long[] values) {
    if (values == null) {
      return null;
    }
    var unboxed = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      unboxed[i] = values[i];
    }
    return unboxed;
  }
}
