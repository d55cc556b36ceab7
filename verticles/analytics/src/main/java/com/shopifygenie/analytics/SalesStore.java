package com.shopifygenie.analytics;

import com.shopifygenie.platform.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * All SQL of the sales read models: per day, per product and day, buyers per day and each buyer's
 * first paid day. Rows are taken in one order by every handler (the buyer, then days ascending,
 * then products ascending), so lanes sharing a day's or a product's row wait, never deadlock.
 */
final class SalesStore {

  /** A day's sums for the dashboard: sales (and those paid in the shop's currency), refunds, new buyers. */
  record DayTotals(long revenue, long orders, long pricedOrders, long units, long refunds, long refundCount, long newCustomers) {}

  Future<Void> paid(SqlClient tx, Sale sale) {
    return firstPaidDay(tx, sale.customerId(), sale.day()).compose(earlier -> {
      // a buyer is new on its first paid day; a payment heard late may move that day back
      var isNew = earlier == null || sale.day().isBefore(earlier);
      var moveFrom = earlier != null && sale.day().isBefore(earlier) ? earlier : null;
      return addToDay(tx, sale.day(), sale.revenue(), 1, sale.priced() ? 1 : 0, sale.units(), 0, 0, isNew ? 1 : 0)
        .compose(v -> moveFrom == null ? Future.succeededFuture() : addToDay(tx, moveFrom, 0, 0, 0, 0, 0, 0, -1))
        .compose(v -> paidDays(tx, new UUID[] {sale.customerId()}, new LocalDate[] {sale.day()}))
        .compose(v -> sale.lines().isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
            "INSERT INTO daily_product_sales (product_id, day, revenue, orders, units) "
              + "SELECT p, $2, r, 1, u FROM unnest($1::uuid[], $3::bigint[], $4::bigint[]) AS t(p, r, u) "
              + "ON CONFLICT (product_id, day) DO UPDATE SET revenue = daily_product_sales.revenue + EXCLUDED.revenue, "
              + "orders = daily_product_sales.orders + 1, units = daily_product_sales.units + EXCLUDED.units")
          .execute(Tuple.tuple().addValue(sale.productIds()).addValue(sale.day()).addValue(sale.revenueByProduct())
            .addValue(sale.unitsByProduct())))
        .mapEmpty();
    });
  }

  /**
   * A run of sales at once, in the tables' and the keys' order of {@link #paid}: the buyers' first
   * days, then each day's, buyer's day and product's day row once.
   */
  Future<Void> paidAll(SqlClient tx, SaleBatch batch) {
    var buyers = batch.firstDayByBuyer;
    return tx.preparedQuery("INSERT INTO buyers AS b (customer_id, first_paid_day) "
        + "SELECT * FROM unnest($1::uuid[], $2::date[]) ON CONFLICT (customer_id) "
        + "DO UPDATE SET first_paid_day = least(b.first_paid_day, EXCLUDED.first_paid_day) "
        + "RETURNING b.customer_id, (SELECT first_paid_day FROM buyers WHERE customer_id = b.customer_id) AS earlier")
      .execute(Tuple.tuple().addArrayOfUUID(buyers.keySet().toArray(UUID[]::new))
        .addArrayOfLocalDate(buyers.values().toArray(LocalDate[]::new)))
      .compose(rows -> {
        var before = new HashMap<UUID, LocalDate>();
        rows.forEach(r -> {
          if (r.getLocalDate("earlier") != null) {
            before.put(r.getUUID("customer_id"), r.getLocalDate("earlier"));
          }
        });
        var days = SaleBatch.dayRows(batch.byDay, batch.newBuyers(before));
        var sums = days.values();
        return tx.preparedQuery("INSERT INTO daily_sales AS d (day, revenue, orders, priced_orders, units, new_customers) "
            + "SELECT * FROM unnest($1::date[], $2::numeric[], $3::int[], $4::int[], $5::bigint[], $6::int[]) "
            + "ON CONFLICT (day) DO UPDATE SET revenue = d.revenue + EXCLUDED.revenue, orders = d.orders + EXCLUDED.orders, "
            + "priced_orders = d.priced_orders + EXCLUDED.priced_orders, "
            + "units = d.units + EXCLUDED.units, new_customers = d.new_customers + EXCLUDED.new_customers")
          .execute(Tuple.tuple().addArrayOfLocalDate(days.keySet().toArray(LocalDate[]::new))
            .addArrayOfBigDecimal(sums.stream().map(SaleBatch.DayRow::revenue).toArray(BigDecimal[]::new))
            .addArrayOfInteger(sums.stream().map(s -> (int) s.orders()).toArray(Integer[]::new))
            .addArrayOfInteger(sums.stream().map(s -> (int) s.pricedOrders()).toArray(Integer[]::new))
            .addArrayOfLong(sums.stream().map(SaleBatch.DayRow::units).toArray(Long[]::new))
            .addArrayOfInteger(sums.stream().map(s -> (int) s.newCustomers()).toArray(Integer[]::new)));
      })
      .compose(v -> {
        var customers = new ArrayList<UUID>();
        var days = new ArrayList<LocalDate>();
        batch.daysByBuyer.forEach((customer, paidOn) -> paidOn.forEach(day -> {
          customers.add(customer);
          days.add(day);
        }));
        return paidDays(tx, customers.toArray(UUID[]::new), days.toArray(LocalDate[]::new));
      })
      .compose(v -> {
        var keys = batch.byProductDay.keySet();
        var sums = batch.byProductDay.values();
        return keys.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
            "INSERT INTO daily_product_sales AS s (day, product_id, revenue, orders, units) "
              + "SELECT * FROM unnest($1::date[], $2::uuid[], $3::numeric[], $4::int[], $5::bigint[]) "
              + "ON CONFLICT (product_id, day) DO UPDATE SET revenue = s.revenue + EXCLUDED.revenue, "
              + "orders = s.orders + EXCLUDED.orders, units = s.units + EXCLUDED.units")
          .execute(Tuple.tuple().addArrayOfLocalDate(keys.stream().map(SaleBatch.ProductDay::day).toArray(LocalDate[]::new))
            .addArrayOfUUID(keys.stream().map(SaleBatch.ProductDay::product).toArray(UUID[]::new))
            .addArrayOfBigDecimal(sums.stream().map(s -> s.revenue).toArray(BigDecimal[]::new))
            .addArrayOfInteger(sums.stream().map(s -> (int) s.orders).toArray(Integer[]::new))
            .addArrayOfLong(sums.stream().map(s -> s.units).toArray(Long[]::new)));
      })
      .mapEmpty();
  }

  /**
   * Records the days customers paid on (each customer and day once) and, for the days new here,
   * recounts buyer_gaps: each of these customers' paid days from its first new one on moves to the
   * gap it has now (a day heard late also shortens the gap of the day after it).
   */
  private Future<Void> paidDays(SqlClient tx, UUID[] customers, LocalDate[] days) {
    return tx.preparedQuery("INSERT INTO customer_days (customer_id, day) SELECT * FROM unnest($1::uuid[], $2::date[]) "
        + "ON CONFLICT DO NOTHING RETURNING customer_id, day")
      .execute(Tuple.tuple().addArrayOfUUID(customers).addArrayOfLocalDate(days))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture();
        }
        var fresh = new ArrayList<UUID>();
        var freshDays = new ArrayList<LocalDate>();
        rows.forEach(r -> {
          fresh.add(r.getUUID("customer_id"));
          freshDays.add(r.getLocalDate("day"));
        });
        return tx.preparedQuery(REGAP).execute(Tuple.tuple().addArrayOfUUID(fresh.toArray(UUID[]::new))
          .addArrayOfLocalDate(freshDays.toArray(LocalDate[]::new)));
      })
      .mapEmpty();
  }

  /** The change of buyer_gaps by the new paid days $1/$2 (already in customer_days): gaps after less gaps before. */
  private static final String REGAP = "WITH fresh (customer_id, day) AS (SELECT * FROM unnest($1::uuid[], $2::date[])), "
    + "affected AS (SELECT customer_id, min(day) AS since FROM fresh GROUP BY customer_id), "
    + "now_days AS (SELECT c.customer_id, c.day, a.since, lag(c.day) OVER (PARTITION BY c.customer_id ORDER BY c.day) AS prev "
    + "  FROM customer_days c JOIN affected a USING (customer_id)), "
    + "old_days AS (SELECT c.customer_id, c.day, a.since, lag(c.day) OVER (PARTITION BY c.customer_id ORDER BY c.day) AS prev "
    + "  FROM customer_days c JOIN affected a USING (customer_id) "
    + "  WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.customer_id = c.customer_id AND f.day = c.day)), "
    + "delta AS (SELECT day, least(coalesce(day - prev, 30), 30) AS gap, 1 AS n FROM now_days WHERE day >= since "
    + "  UNION ALL SELECT day, least(coalesce(day - prev, 30), 30), -1 FROM old_days WHERE day >= since) "
    + "INSERT INTO buyer_gaps AS g (day, gap, customers) "
    + "SELECT day, gap, sum(n) FROM delta GROUP BY day, gap HAVING sum(n) <> 0 ORDER BY day, gap "
    + "ON CONFLICT (day, gap) DO UPDATE SET customers = g.customers + EXCLUDED.customers";

  Future<Void> refunded(SqlClient tx, LocalDate day, long amount) {
    return addToDay(tx, day, 0, 0, 0, 0, amount, 1, 0);
  }

  /** The buyer's first paid day, null for a first payment; records the new one, row locked. */
  private Future<LocalDate> firstPaidDay(SqlClient tx, UUID customerId, LocalDate day) {
    return tx.preparedQuery("INSERT INTO buyers AS b (customer_id, first_paid_day) VALUES ($1, $2) "
        + "ON CONFLICT (customer_id) DO UPDATE SET first_paid_day = least(b.first_paid_day, EXCLUDED.first_paid_day) "
        + "RETURNING (SELECT first_paid_day FROM buyers WHERE customer_id = $1) AS earlier")
      .execute(Tuple.of(customerId, day))
      .map(rows -> rows.iterator().next().getLocalDate("earlier"));
  }

  private Future<Void> addToDay(SqlClient tx, LocalDate day, long revenue, long orders, long pricedOrders, long units,
                                long refunds, long refundCount, long newCustomers) {
    return tx.preparedQuery("INSERT INTO daily_sales AS d (day, revenue, orders, priced_orders, units, refunds, refund_count, "
        + "new_customers) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (day) DO UPDATE SET revenue = d.revenue + EXCLUDED.revenue, "
        + "orders = d.orders + EXCLUDED.orders, priced_orders = d.priced_orders + EXCLUDED.priced_orders, "
        + "units = d.units + EXCLUDED.units, refunds = d.refunds + EXCLUDED.refunds, "
        + "refund_count = d.refund_count + EXCLUDED.refund_count, new_customers = d.new_customers + EXCLUDED.new_customers")
      .execute(Tuple.from(new Object[] {day, revenue, orders, pricedOrders, units, refunds, refundCount, newCustomers}))
      .mapEmpty();
  }

  // --- reads

  /**
   * The days' sums. Revenue and refunds are kept as numeric, and a sum of units is a numeric too:
   * each is read exactly, and one past 2^63 - 1 fails with an ArithmeticException, which
   * the platform's AmountLimit tells.
   */
  Future<DayTotals> totals(SqlClient client, ShopCalendar.Days days) {
    return client.preparedQuery("SELECT coalesce(sum(revenue), 0) AS revenue, coalesce(sum(orders), 0) AS orders, "
        + "coalesce(sum(priced_orders), 0) AS priced_orders, coalesce(sum(units), 0) AS units, coalesce(sum(refunds), 0) AS refunds, "
        + "coalesce(sum(refund_count), 0) AS refund_count, coalesce(sum(new_customers), 0) AS new_customers "
        + "FROM daily_sales WHERE day BETWEEN $1 AND $2")
      .execute(Tuple.of(days.from(), days.to()))
      .map(rows -> {
        var r = rows.iterator().next();
        return new DayTotals(exact(r, "revenue"), r.getLong("orders"), r.getLong("priced_orders"), exact(r, "units"), exact(r, "refunds"),
          r.getLong("refund_count"), r.getLong("new_customers"));
      });
  }

  /**
   * Distinct customers who paid in the days (at most 30 of them): each counts on its first paid day
   * of the period, the one whose gap reaches back before it (see db/analytics/V2__buyer_gaps.sql).
   */
  Future<Long> buyers(SqlClient client, ShopCalendar.Days days) {
    return client.preparedQuery("SELECT coalesce(sum(customers), 0) FROM buyer_gaps "
        + "WHERE day BETWEEN $1 AND $2 AND gap > day - $1::date")
      .execute(Tuple.of(days.from(), days.to()))
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** A product's sums over some days, with what catalog said of it. */
  record ProductTotals(UUID productId, String sku, String title, long revenue, long units) {}

  /**
   * The days' products by revenue, best first (ranked by the exact sums), with what catalog said of
   * them; a revenue past the largest amount fails as {@link #totals} does.
   */
  Future<List<ProductTotals>> topProducts(SqlClient client, ShopCalendar.Days days, int limit) {
    return client.preparedQuery("SELECT s.product_id, sum(s.revenue) AS revenue, sum(s.units) AS units, "
        + "min(p.sku) AS sku, min(p.title) AS title FROM daily_product_sales s "
        + "LEFT JOIN products p ON p.product_id = s.product_id WHERE s.day BETWEEN $1 AND $2 "
        + "GROUP BY s.product_id ORDER BY revenue DESC, units DESC, s.product_id LIMIT $3")
      .execute(Tuple.of(days.from(), days.to(), limit))
      .map(rows -> Rows.all(rows, r -> new ProductTotals(r.getUUID("product_id"), r.getString("sku"), r.getString("title"),
        exact(r, "revenue"), exact(r, "units"))));
  }

  /**
   * Each day's sales in the days that had any; of one product when it is given. A day's revenue
   * may pass the largest amount: it comes as it is kept, and each answer decides what it tells.
   */
  Future<Map<LocalDate, Buckets.Totals>> byDay(SqlClient client, ShopCalendar.Days days, UUID productId) {
    var query = productId == null
      ? client.preparedQuery("SELECT day, revenue, orders, units FROM daily_sales WHERE day BETWEEN $1 AND $2")
        .execute(Tuple.of(days.from(), days.to()))
      : client.preparedQuery("SELECT day, revenue, orders, units FROM daily_product_sales "
          + "WHERE product_id = $3 AND day BETWEEN $1 AND $2")
        .execute(Tuple.of(days.from(), days.to(), productId));
    return query.map(rows -> {
      var map = new HashMap<LocalDate, Buckets.Totals>();
      rows.forEach(r -> map.put(r.getLocalDate("day"), new Buckets.Totals(r.getBigDecimal("revenue"), r.getLong("orders"),
        r.getLong("units"))));
      return map;
    });
  }

  /** The first day with a sale (of the product, when given), null before any. */
  Future<LocalDate> firstSaleDay(SqlClient client, UUID productId) {
    var query = productId == null
      ? client.query("SELECT min(day) FROM daily_sales WHERE orders > 0").execute()
      : client.preparedQuery("SELECT min(day) FROM daily_product_sales WHERE product_id = $1").execute(Tuple.of(productId));
    return query.map(rows -> rows.iterator().next().getLocalDate(0));
  }

  /** A sum kept as numeric (or summed as one) read as an amount; past the largest, an ArithmeticException. */
  private static long exact(Row row, String column) {
    return row.getBigDecimal(column).longValueExact();
  }
}
