package com.shopifygenie.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
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

/**
 * The dashboard's money is in the shop's currency: an order paid in another counts as an order
 * and its units, but not in the revenue, nor in the average order value (it lowered it).
 */
@ExtendWith(VertxExtension.class)
class ShopCurrencyTest {

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
  void anOrderPaidInAnotherCurrencyLeavesTheAverageOrderValueAlone() {
    var now = OffsetDateTime.now(ZoneOffset.UTC);
    var product = UUID.randomUUID();
    sys.publish(AnalyticsSystem.ORDERS, payment(UUID.randomUUID(), UUID.randomUUID(), now, line(product, 2, 1500)));
    var euros = payment(UUID.randomUUID(), UUID.randomUUID(), now, line(product, 1, 9900));
    euros.data().put("currency", "EUR");
    euros.data().getJsonArray("lines").getJsonObject(0).getJsonObject("unit_price").put("currency", "EUR");
    sys.publish(AnalyticsSystem.ORDERS, euros);
    eventually(() -> sys.count("SELECT count(*) FROM event_log") == 2);

    assertFigures(ok(sys.get("/analytics/dashboard?period=today", sys.staff)));
    sys.rebuild();
    assertFigures(ok(sys.get("/analytics/dashboard?period=today", sys.staff)));
  }

  private static void assertFigures(JsonObject dashboard) {
    var figures = dashboard.getJsonObject("figures");
    assertEquals("USD", dashboard.getString("currency"));
    assertEquals(3000, figures.getJsonObject("revenue").getLong("value"), dashboard::encode);
    assertEquals(2, figures.getJsonObject("orders").getLong("value"), dashboard::encode);
    assertEquals(3, figures.getJsonObject("units").getLong("value"), dashboard::encode);
    assertEquals(3000, figures.getJsonObject("average_order_value").getLong("value"), dashboard::encode);
  }
}
