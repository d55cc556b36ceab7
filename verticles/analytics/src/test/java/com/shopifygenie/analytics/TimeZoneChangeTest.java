package com.shopifygenie.analytics;

import com.shopifygenie.platform.Deployments;
import com.shopifygenie.platform.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.analytics.AnalyticsSystem.line;
import static com.shopifygenie.analytics.AnalyticsSystem.ok;
import static com.shopifygenie.analytics.AnalyticsSystem.payment;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Days are days of analytics.time_zone, fixed as each event is applied: a node started in another
 * zone rebuilds the models in its days by itself, in the background, without anyone asking for a
 * rebuild. Two payments twelve hours apart are one UTC day, and two days twelve hours west of UTC
 * (Etc/GMT+12, UTC-12): 06:00 UTC there is 18:00 the day before.
 */
@ExtendWith(VertxExtension.class)
class TimeZoneChangeTest {

  private static final String WEST = "Etc/GMT+12";
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(3);
  private static final LocalDate DAY_BEFORE = DAY.minusDays(1);
  private static final JsonArray IN_UTC_DAYS = new JsonArray().add(point(DAY_BEFORE, 0, 0, 0)).add(point(DAY, 1600, 2, 3));
  private static final JsonArray IN_WEST_DAYS = new JsonArray().add(point(DAY_BEFORE, 1000, 1, 1)).add(point(DAY, 600, 1, 2));

  @Test
  void aNewTimeZoneRebuildsTheModelsInItsDaysAtTheNextStartOnceHoweverManyNodesStart(Vertx vertx) {
    var sys = AnalyticsSystem.start(vertx, Map.of("analytics.time_zone", "UTC"));
    String second = null;
    try {
      paidAtSixAndEighteenUtc(sys);
      assertEquals(IN_UTC_DAYS, points(sys, "UTC"));
      assertEquals("[[" + DAY + ",2]]", buyersByDay(sys));
      assertEquals(DAY + "," + DAY, firstPaidDays(sys));

      // two nodes start in the new zone at once: one rebuilds, neither fails
      Settings.put(sys.system.settings(), "analytics.time_zone", WEST);
      var other = Deployments.deploy(vertx, AnalyticsVerticle::new, sys.system.settings());
      sys.system.redeploy(0, AnalyticsVerticle::new);
      second = other.await();

      eventually(() -> points(sys, WEST).equals(IN_WEST_DAYS));
      assertEquals(WEST, zoneRecorded(sys));
      assertEquals("[[" + DAY_BEFORE + ",1], [" + DAY + ",1]]", buyersByDay(sys));
      assertEquals(DAY_BEFORE + "," + DAY, firstPaidDays(sys));
      assertEquals(1, sys.count("SELECT count(*) FROM rebuilds"));
      assertEquals(1, sys.count("SELECT count(*) FROM rebuilds WHERE state = 'done'"));

      // a payment after the change lands in the same days: 11:00 UTC is 23:00 the day before
      sys.publish(AnalyticsSystem.ORDERS, payment(UUID.randomUUID(), UUID.randomUUID(), at(DAY, 11), line(UUID.randomUUID(), 1, 500)));
      assertEquals(new JsonArray().add(point(DAY_BEFORE, 1500, 2, 2)).add(point(DAY, 600, 1, 2)), points(sys, WEST));

      // started again in the same zone: nothing to rebuild
      sys.system.redeploy(0, AnalyticsVerticle::new);
      assertEquals(1, sys.count("SELECT count(*) FROM rebuilds"));
    } finally {
      if (second != null) {
        vertx.undeploy(second).await();
      }
      sys.stop();
    }
  }

  @Test
  void aRebuildIntoTheNewZoneThatDiedIsStartedAgainAtTheNextStart(Vertx vertx) {
    var sys = AnalyticsSystem.start(vertx, Map.of("analytics.time_zone", "UTC"));
    try {
      paidAtSixAndEighteenUtc(sys);
      Settings.put(sys.system.settings(), "analytics.time_zone", WEST);
      SqlConnection holder = sys.db.getConnection().await();
      try {
        // the rebuild waits for the log at its last step, and its connection is cut there
        holder.query("BEGIN").execute().await();
        holder.query("LOCK TABLE event_log IN EXCLUSIVE MODE").execute().await();
        sys.system.redeploy(0, AnalyticsVerticle::new);
        eventually(() -> sys.count("SELECT count(*) FROM pg_stat_activity WHERE query = 'LOCK TABLE event_log IN SHARE MODE'") == 1);
        sys.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LOCK TABLE event_log IN SHARE MODE'")
          .execute().await();
        eventually(() -> sys.count("SELECT count(*) FROM rebuilds WHERE state = 'failed'") == 1);
      } finally {
        holder.query("ROLLBACK").execute().await();
        holder.close().await();
      }
      // the models are as they were, and said to be
      assertEquals("UTC", zoneRecorded(sys));
      assertEquals(IN_UTC_DAYS, points(sys, WEST));

      sys.system.redeploy(0, AnalyticsVerticle::new);
      eventually(() -> points(sys, WEST).equals(IN_WEST_DAYS));
      assertEquals(WEST, zoneRecorded(sys));
      assertEquals(1, sys.count("SELECT count(*) FROM rebuilds WHERE state = 'done'"));
    } finally {
      sys.stop();
    }
  }

  /** Models built before their zone was recorded (db/analytics/V8) may be of any zone: the next start rebuilds them. */
  @Test
  void modelsOfAZoneNotRecordedAreRebuiltAtTheNextStart(Vertx vertx) {
    var sys = AnalyticsSystem.start(vertx, Map.of("analytics.time_zone", "UTC"));
    try {
      // a fresh database: the zone recorded, nothing to rebuild
      assertEquals("UTC", zoneRecorded(sys));
      paidAtSixAndEighteenUtc(sys);
      assertEquals(0, sys.count("SELECT count(*) FROM rebuilds"));
      sys.db.query("DELETE FROM read_models").execute().await();

      sys.system.redeploy(0, AnalyticsVerticle::new);
      eventually(() -> "UTC".equals(zoneRecorded(sys)));
      assertEquals(1, sys.count("SELECT count(*) FROM rebuilds WHERE state = 'done' AND events = 2"));
      assertEquals(IN_UTC_DAYS, points(sys, "UTC"));
    } finally {
      sys.stop();
    }
  }

  /** Ann pays 1000 at 06:00 UTC on DAY, Bob 600 (two units) at 18:00 UTC. */
  private static void paidAtSixAndEighteenUtc(AnalyticsSystem sys) {
    sys.publish(AnalyticsSystem.ORDERS, payment(UUID.randomUUID(), UUID.randomUUID(), at(DAY, 6), line(UUID.randomUUID(), 1, 1000)));
    sys.publish(AnalyticsSystem.ORDERS, payment(UUID.randomUUID(), UUID.randomUUID(), at(DAY, 18), line(UUID.randomUUID(), 2, 300)));
  }

  private static OffsetDateTime at(LocalDate day, int hour) {
    return day.atTime(hour, 0).atOffset(ZoneOffset.UTC);
  }

  /** The daily trend of the day before and the day, as answered, which names the zone it counts days in. */
  private static JsonArray points(AnalyticsSystem sys, String zone) {
    var trend = ok(sys.get("/analytics/sales-trends?from=" + DAY_BEFORE + "&to=" + DAY + "&interval=day", sys.staff));
    assertEquals(zone, trend.getString("time_zone"));
    return trend.getJsonArray("points");
  }

  private static JsonObject point(LocalDate start, long revenue, long orders, long units) {
    return new JsonObject().put("start", start.toString()).put("revenue", revenue).put("orders", orders).put("units", units);
  }

  /** The buyers counted under each day they paid on, for new and returning customers. */
  private static String buyersByDay(AnalyticsSystem sys) {
    var rows = sys.db.query("SELECT day, sum(customers)::int AS customers FROM buyer_gaps GROUP BY day ORDER BY day").execute().await();
    var days = new ArrayList<String>();
    rows.forEach(row -> days.add("[" + row.getLocalDate("day") + "," + row.getInteger("customers") + "]"));
    return days.toString();
  }

  private static String firstPaidDays(AnalyticsSystem sys) {
    return sys.db.query("SELECT string_agg(first_paid_day::text, ',' ORDER BY first_paid_day) FROM buyers").execute().await()
      .iterator().next().getString(0);
  }

  private static String zoneRecorded(AnalyticsSystem sys) {
    var rows = sys.db.query("SELECT time_zone FROM read_models").execute().await();
    return rows.size() == 0 ? null : rows.iterator().next().getString(0);
  }
}
