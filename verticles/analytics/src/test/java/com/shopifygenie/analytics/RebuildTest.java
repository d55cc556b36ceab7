package com.shopifygenie.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.analytics.AnalyticsSystem.line;
import static com.shopifygenie.analytics.AnalyticsSystem.ok;
import static com.shopifygenie.analytics.AnalyticsSystem.payment;
import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rebuild runs in the background (at a million orders it takes minutes, longer than any client
 * waits): POST answers 202 at once, one runs at a time, and its row says how it went, also when it
 * failed or died with its node. The tests hold the event log's lock from outside to keep a rebuild
 * waiting at its first step.
 */
@ExtendWith(VertxExtension.class)
class RebuildTest {

  static AnalyticsSystem sys;

  @BeforeAll
  static void start(Vertx vertx) {
    sys = AnalyticsSystem.start(vertx, Map.of());
    var noon = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1).withHour(12);
    sys.publish(AnalyticsSystem.ORDERS, payment(UUID.randomUUID(), UUID.randomUUID(), noon, line(UUID.randomUUID(), 2, 500)));
    eventually(() -> sys.count("SELECT count(*) FROM event_log") == 1);
  }

  @AfterAll
  static void stop() {
    sys.stop();
  }

  @Test
  void askedAgainWhileOneRunsItAnswersThatOne() {
    var first = new JsonObject();
    holdingTheLog(() -> {
      var started = sys.post("/analytics/rebuild", sys.superAdmin);
      assertEquals(202, started.status(), started::toString);
      first.mergeIn(started.json());
      assertEquals("running", first.getString("state"));
      assertNull(first.getValue("events"));
      var again = sys.post("/analytics/rebuild", sys.superAdmin);
      assertEquals(202, again.status(), again::toString);
      assertEquals(first.getString("id"), again.json().getString("id"));
      assertEquals("/analytics/rebuilds/" + first.getString("id"), again.headers().get("Location"));
      assertEquals("running", ok(sys.get(where(first), sys.superAdmin)).getString("state"));
    });
    eventually(() -> "done".equals(ok(sys.get(where(first), sys.superAdmin)).getString("state")));
    var done = ok(sys.get(where(first), sys.superAdmin));
    assertEquals(sys.count("SELECT count(*) FROM event_log"), done.getLong("events"));
    assertNotNull(done.getString("finished_at"));
    assertNull(done.getValue("error"));
    assertEquals(404, sys.get("/analytics/rebuilds/" + UUID.randomUUID(), sys.superAdmin).status());
    assertEquals(403, sys.get(where(first), sys.staff).status());
  }

  @Test
  void aRebuildWhoseConnectionIsCutFailsAndSaysSo() {
    var cut = new JsonObject();
    holdingTheLog(() -> {
      cut.mergeIn(sys.post("/analytics/rebuild", sys.superAdmin).json());
      eventually(() -> sys.count("SELECT count(*) FROM pg_stat_activity WHERE query = 'LOCK TABLE event_log IN SHARE MODE'") == 1);
      sys.db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LOCK TABLE event_log IN SHARE MODE'")
        .execute().await();
      eventually(() -> ok(sys.get(where(cut), sys.superAdmin)).getString("finished_at") != null);
    });
    var failed = ok(sys.get(where(cut), sys.superAdmin));
    assertEquals("failed", failed.getString("state"));
    assertNotNull(failed.getString("error"));
    assertNull(failed.getValue("events"));
    // the next one starts afresh and rebuilds
    var next = sys.rebuild();
    assertNotEquals(cut.getString("id"), next.getString("id"));
    assertEquals(sys.count("SELECT count(*) FROM event_log"), next.getLong("events"));
  }

  @Test
  void aRebuildLeftRunningByANodeThatDiedIsToldFailedAndMakesWayForTheNext() {
    var dead = UUID.randomUUID();
    sys.db.preparedQuery("INSERT INTO rebuilds (id, state, started_at) VALUES ($1, 'running', now() - interval '1 minute')")
      .execute(Tuple.of(dead)).await();
    var told = ok(sys.get("/analytics/rebuilds/" + dead, sys.superAdmin));
    assertEquals("failed", told.getString("state"));
    assertTrue(told.getString("error").contains("stopped with its node"), told::encode);

    var next = sys.rebuild();
    assertNotEquals(dead.toString(), next.getString("id"));
    var swept = ok(sys.get("/analytics/rebuilds/" + dead, sys.superAdmin));
    assertEquals("failed", swept.getString("state"));
    assertNotNull(swept.getString("finished_at"));
  }

  /**
   * A rebuild replays the log while events go on being applied, reading it by position; an inbox
   * transaction may take a position and commit after a later one was read. The rebuild finds it
   * once it has locked the log (which waits for that transaction). Here the late event is only
   * logged, never applied to the models, so only the rebuild counts it.
   */
  @Test
  void anEventCommittedAfterALaterOneIsReplayedToo() {
    var day = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).withHour(12);
    var late = payment(UUID.randomUUID(), UUID.randomUUID(), day, line(UUID.randomUUID(), 1, 700));
    SqlConnection lateOne = sys.db.getConnection().await();
    JsonObject started;
    try {
      lateOne.query("BEGIN").execute().await();
      lateOne.preparedQuery("INSERT INTO event_log (event_id, type, subject, time, data) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(late.id(), late.type(), late.subject(), late.time(), late.data())).await();
      var logged = sys.count("SELECT count(*) FROM event_log");
      sys.publish(AnalyticsSystem.ORDERS, payment(UUID.randomUUID(), UUID.randomUUID(), day, line(UUID.randomUUID(), 1, 300)));
      eventually(() -> sys.count("SELECT count(*) FROM event_log") == logged + 1);
      assertEquals(300, revenueOn(day));
      started = sys.post("/analytics/rebuild", sys.superAdmin).json();
      // replayed what it could read; waits for the late transaction to lock the log
      eventually(() -> sys.count("SELECT count(*) FROM pg_stat_activity WHERE query = 'LOCK TABLE event_log IN SHARE MODE' "
        + "AND wait_event_type = 'Lock'") == 1);
      // meanwhile the models answer as they were
      assertEquals(300, ok(sys.get("/analytics/sales-trends?from=" + day.toLocalDate() + "&to=" + day.toLocalDate(), sys.staff))
        .getJsonArray("points").getJsonObject(0).getLong("revenue"));
      lateOne.query("COMMIT").execute().await();
    } finally {
      lateOne.close().await();
    }
    eventually(() -> "done".equals(ok(sys.get(where(started), sys.superAdmin)).getString("state")));
    assertEquals(sys.count("SELECT count(*) FROM event_log"), ok(sys.get(where(started), sys.superAdmin)).getLong("events"));
    assertEquals(1000, revenueOn(day));
  }

  private static long revenueOn(OffsetDateTime day) {
    return sys.count("SELECT coalesce(sum(revenue), 0)::bigint FROM daily_sales WHERE day = $1", day.toLocalDate());
  }

  private static String where(JsonObject rebuild) {
    return "/analytics/rebuilds/" + rebuild.getString("id");
  }

  /** Runs body while a transaction of the test's holds the event log exclusively. */
  private static void holdingTheLog(Runnable body) {
    SqlConnection holder = sys.db.getConnection().await();
    try {
      holder.query("BEGIN").execute().await();
      holder.query("LOCK TABLE event_log IN EXCLUSIVE MODE").execute().await();
      body.run();
    } finally {
      holder.query("ROLLBACK").execute().await();
      holder.close().await();
    }
  }
}
