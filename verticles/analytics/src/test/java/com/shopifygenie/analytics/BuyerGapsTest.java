package com.shopifygenie.analytics;

import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.UUID;

import static com.shopifygenie.analytics.AnalyticsSystem.line;
import static com.shopifygenie.analytics.AnalyticsSystem.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The distinct buyers of a period, read from a bounded number of buyer_gaps rows, equal a count of
 * the distinct customers who paid in it, whatever order the payments are heard in (days heard late
 * included) and whether they are applied one by one or in batches.
 */
@ExtendWith(VertxExtension.class)
class BuyerGapsTest {

  private static java.util.List<String> rows(Pool pool, String sql) {
    var rows = new ArrayList<String>();
    pool.query(sql).execute().await().forEach(r -> rows.add(r.getLocalDate(0) + " " + r.getInteger(1) + " " + r.getLong(2)));
    return rows;
  }

  @Test
  void buyersOfEveryPeriodEqualTheDistinctCountInAnyOrderOfHearing(Vertx vertx) {
    var seed = System.nanoTime();
    System.out.println("buyersOfEveryPeriodEqualTheDistinctCountInAnyOrderOfHearing seed " + seed);
    var random = new Random(seed);
    var system = TestSystem.create(vertx).deploy(AnalyticsVerticle::new);
    var pool = AnalyticsSystem.analyticsPool(vertx, system);
    try {
      var handlers = AnalyticsSystem.handlers();
      var today = LocalDate.now(ZoneOffset.UTC);
      var customers = new ArrayList<UUID>();
      for (var i = 0; i < 25; i++) {
        customers.add(UUID.randomUUID());
      }
      var payments = new ArrayList<DomainEvent>();
      for (var i = 0; i < 300; i++) {
        var day = today.minusDays(random.nextInt(90));
        payments.add(payment(customers.get(random.nextInt(customers.size())), UUID.randomUUID(),
          day.atTime(12, 0).atOffset(ZoneOffset.UTC), line(new UUID(0, 1 + random.nextInt(5)), 1, 100)));
      }
      Collections.shuffle(payments, random);
      var next = 0;
      while (next < payments.size()) {
        var size = random.nextBoolean() ? 1 : 1 + random.nextInt(40);
        var batch = payments.subList(next, Math.min(payments.size(), next + size));
        next += batch.size();
        pool.withTransaction(tx -> handlers.handleAll(tx, batch))
          .await();
      }

      // what was kept step by step is what the migration's backfill computes from the paid days at once
      assertEquals(rows(pool, "SELECT day, gap, count(*) FROM (SELECT day, least(coalesce(day - lag(day) OVER "
          + "(PARTITION BY customer_id ORDER BY day), 30), 30) AS gap FROM customer_days) AS g GROUP BY day, gap ORDER BY day, gap"),
        rows(pool, "SELECT day, gap, customers FROM buyer_gaps WHERE customers <> 0 ORDER BY day, gap"), "seed " + seed);

      var sales = new SalesStore();
      for (var from = today.minusDays(95); !from.isAfter(today); from = from.plusDays(1)) {
        for (var length : new int[] {1, 7, 30}) {
          var days = new ShopCalendar.Days(from, from.plusDays(length - 1L));
          var distinct = pool.preparedQuery("SELECT count(DISTINCT customer_id) FROM customer_days WHERE day BETWEEN $1 AND $2")
            .execute(Tuple.of(days.from(), days.to())).await().iterator().next().getLong(0);
          assertEquals(distinct, sales.buyers(pool, days).await(), days + ", seed " + seed);
        }
      }
    } finally {
      pool.close().await();
      system.stop();
    }
  }

  /**
   * One new customer's two orders paid, applied at the same time by two lanes: the later day must
   * not count the customer as new again. The second transaction waits for the first; reading the
   * customer's first paid day in the snapshot it took before that commit, it would miss it.
   */
  @Test
  void twoPaymentsOfOneNewCustomerAppliedAtOnceCountItNewOnce(Vertx vertx) throws Exception {
    var system = TestSystem.create(vertx).deploy(AnalyticsVerticle::new);
    var pool = AnalyticsSystem.analyticsPool(vertx, system);
    try {
      var handlers = AnalyticsSystem.handlers();
      var today = LocalDate.now(ZoneOffset.UTC);
      var customer = UUID.randomUUID();
      var earlier = payment(customer, UUID.randomUUID(), today.minusDays(10).atTime(12, 0).atOffset(ZoneOffset.UTC),
        line(new UUID(0, 1), 1, 100));
      var later = payment(customer, UUID.randomUUID(), today.minusDays(2).atTime(12, 0).atOffset(ZoneOffset.UTC),
        line(new UUID(0, 2), 1, 100));

      var first = pool.getConnection().await();
      var open = first.begin().await();
      handlers.handleAll(first, java.util.List.of(earlier)).await();
      var second = pool.withTransaction(tx -> handlers.handleAll(tx, java.util.List.of(later)));
      Thread.sleep(300); // the second is on its way and waits for the first
      open.commit().await();
      first.close().await();
      second.await();

      assertEquals(1L, pool.query("SELECT sum(new_customers) FROM daily_sales").execute().await()
        .iterator().next().getLong(0), "new once, on its first day");
    } finally {
      pool.close().await();
      system.stop();
    }
  }
}
