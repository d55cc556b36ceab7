package com.shopifygenie.analytics;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.analytics.AnalyticsSystem.assertProblem;
import static com.shopifygenie.analytics.AnalyticsSystem.line;
import static com.shopifygenie.analytics.AnalyticsSystem.ok;
import static com.shopifygenie.analytics.AnalyticsSystem.payment;
import static com.shopifygenie.analytics.AnalyticsSystem.refund;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each payment is an amount (at most 2^63 - 1 minor units), but a day's or a product's sum of them
 * may pass it: the read models keep such sums exactly (bigint counters failed the payment's update
 * and parked it for good), and an answer that would report one is a 409 naming the query field
 * that bounds it, never a 500 nor a total wrapped around.
 */
@ExtendWith(VertxExtension.class)
class AmountLimitTest {

  static final long HALF = 5_000_000_000_000_000_000L;

  static AnalyticsSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = AnalyticsSystem.start(vertx, Map.of());
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  @Test
  void salesPastTheLargestAmountAreKeptExactlyAndToldAsA409() {
    var today = LocalDate.now(ZoneOffset.UTC);
    var yesterday = today.minusDays(1);
    var noon = yesterday.atTime(12, 0).atOffset(ZoneOffset.UTC);
    var product = UUID.randomUUID();
    var customer = UUID.randomUUID();
    var orders = new UUID[] {UUID.randomUUID(), UUID.randomUUID()};
    // two payments of one customer, one product, one day: each an amount, their sum not
    for (var order : orders) {
      sys.publish(AnalyticsSystem.ORDERS, payment(customer, order, noon, line(product, 1, HALF)));
    }
    // and both refunded in full, today
    for (var order : orders) {
      sys.publish(AnalyticsSystem.ORDERS, refund(customer, order, HALF, HALF, today.atTime(12, 0).atOffset(ZoneOffset.UTC)));
    }
    assertEquals(0, sys.count("SELECT count(*) FROM dead_letters"));
    assertSums(yesterday, today, product);

    // the dashboard's periods all hold yesterday, this period's or the one before
    for (var period : new String[] {"today", "7d", "30d"}) {
      assertProblem(409, "query.period", "amount-limit", sys.get("/analytics/dashboard?period=" + period, sys.staff));
    }
    // a bucket holding yesterday does not fit, however short; one without it does
    for (var interval : new String[] {"day", "week", "month"}) {
      assertProblem(409, "query.interval", "amount-limit", sys.get("/analytics/sales-trends?from=" + yesterday + "&to="
        + today + "&interval=" + interval, sys.staff));
    }
    assertProblem(409, "query.interval", "amount-limit", sys.get("/analytics/sales-trends?from=" + yesterday + "&to="
      + yesterday + "&product_id=" + product, sys.staff));
    assertEquals(0, ok(sys.get("/analytics/sales-trends?from=" + today + "&to=" + today, sys.staff))
      .getJsonArray("points").getJsonObject(0).getLong("revenue"));
    // a forecast is an estimate in numbers, not amounts: yesterday's 10^19 is the mean of one day
    for (var path : new String[] {"/analytics/forecast?horizon=1", "/analytics/forecast?horizon=1&product_id=" + product}) {
      var revenue = ok(sys.get(path, sys.staff)).getJsonArray("points").getJsonObject(0).getJsonObject("revenue");
      assertEquals(1e19, revenue.getDouble("forecast"), 1e6, path);
    }

    // a rebuild sums the run of payments before it writes them, as a busy lane does
    assertEquals(4, sys.rebuild().getLong("events"));
    assertSums(yesterday, today, product);
  }

  private static void assertSums(LocalDate yesterday, LocalDate today, UUID product) {
    assertEquals("10000000000000000000 2 0", text("SELECT revenue || ' ' || orders || ' ' || refunds FROM daily_sales "
      + "WHERE day = $1", yesterday));
    assertEquals("10000000000000000000 2", text("SELECT refunds || ' ' || refund_count FROM daily_sales WHERE day = $1",
      today));
    assertEquals("10000000000000000000 2", text("SELECT revenue || ' ' || orders FROM daily_product_sales "
      + "WHERE product_id = $1 AND day = $2", product, yesterday));
  }

  private static String text(String sql, Object... params) {
    return sys.db.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(params)).await().iterator().next().getString(0);
  }
}
