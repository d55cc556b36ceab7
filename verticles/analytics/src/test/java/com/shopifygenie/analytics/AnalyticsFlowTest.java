package com.shopifygenie.analytics;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.shopifygenie.analytics.AnalyticsSystem.assertProblem;
import static com.shopifygenie.analytics.AnalyticsSystem.line;
import static com.shopifygenie.analytics.AnalyticsSystem.ok;
import static com.shopifygenie.analytics.AnalyticsSystem.payment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Analytics end to end, once per transport (the subclasses): catalog's product and stock events and
 * orders' payments and a refund are published into the transport as their relays would, then the
 * dashboard, trends, recommendations, reorder suggestions and a forecast equal the values worked out
 * by hand below; a duplicate delivery changes nothing, and a rebuild gives the same answers.
 * <pre>
 * d = today (UTC); products P1..P4 (ids ...01..04)
 *   d-8  o5 c3: P4 x1 @4000                      4000, 1 unit
 *   d-1  o1 c1: P1 x2 @1000, P2 x1 @500          2500, 3 units
 *   d    o2 c1: P1 x1 @1000, P3 x1 @300          1300, 2 units
 *   d    o3 c2: P1 x1 @1000, P2 x2 @500          2000, 3 units   (refund of 500 today)
 *   d    o4 c3: P3 x3 @300                        900, 3 units
 * today vs yesterday: revenue 4200/2500, orders 3/1, AOV 1400/2500, units 8/3,
 *   new c2 / c1 = 1/1, returning (c1, c3) 2/0, refunds 500/0 in 1/0 refunds
 * top today: P1 2000 (2 units), P3 1200 (4), P2 1000 (2)
 * 7d (d-6..d) vs d-13..d-7: revenue 6700/4000, orders 4/1, new c1 c2 / c3 = 2/1, returning c3 1/0
 * co-purchase over 5 baskets, P1 in 3: P2 together 2 (P2 in 2): support 0.4, confidence 2/3, lift 5/3;
 *   P3 together 1: support 0.2 below the minimum 0.3
 * c3 (P3, P4) shares P3 with c1 (P1, P2, P3): P1 and P2, one customer each
 * reorder, window 7 days, lead time 7, z 2: P2 (available 0) 3 units: velocity 3/7, cover 0,
 *   σ² = 5/7 - 9/49, qty ceil(3 + 2σ√7) = 7; P3 (available 2) 4 units on d: cover 3.5,
 *   σ² = 16/7 - 16/49, qty ceil(4 + 2σ√7 - 2) = 10; P1 (available 100) 4 units: cover 175, qty 0;
 *   P4 no sale in the window: last
 * </pre>
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AnalyticsFlowTest {

  static final UUID P1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
  static final UUID P2 = UUID.fromString("00000000-0000-0000-0000-000000000002");
  static final UUID P3 = UUID.fromString("00000000-0000-0000-0000-000000000003");
  static final UUID P4 = UUID.fromString("00000000-0000-0000-0000-000000000004");
  final UUID c1 = UUID.randomUUID();
  final UUID c2 = UUID.randomUUID();
  final UUID c3 = UUID.randomUUID();
  final UUID o3 = UUID.randomUUID();
  final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  AnalyticsSystem sys;
  com.shopifygenie.platform.DomainEvent o3Payment;

  abstract AnalyticsSystem newSystem(Vertx vertx, Map<String, Object> settings);

  @BeforeAll
  void start(Vertx vertx) {
    sys = newSystem(vertx, Map.of("analytics.recommendations.min_support", 0.3, "analytics.reorder.window_days", 7,
      "analytics.reorder.lead_time_days", 7, "analytics.reorder.service_level_z", 2.0));
  }

  @AfterAll
  void stop() {
    sys.stop();
  }

  private OffsetDateTime day(int offset) {
    return today.plusDays(offset).atTime(12, 0).atOffset(ZoneOffset.UTC);
  }

  /** Every event published, for delivering each once more. */
  final List<com.shopifygenie.platform.DomainEvent> published = new ArrayList<>();

  private void publish(com.shopifygenie.platform.EventSource source, com.shopifygenie.platform.DomainEvent event) {
    sys.publish(source, event);
    published.add(event);
  }

  @Test
  @Order(1)
  void eventsFeedTheReadModels() {
    var p = new UUID[] {P1, P2, P3, P4};
    for (var i = 0; i < p.length; i++) {
      publish(AnalyticsSystem.CATALOG, AnalyticsSystem.productCreated(p[i], "P" + (i + 1), "Product " + (i + 1)));
    }
    publish(AnalyticsSystem.CATALOG, AnalyticsSystem.stockAdjusted(P1, "P1", 100));
    publish(AnalyticsSystem.CATALOG, AnalyticsSystem.stockAdjusted(P3, "P3", 10));
    publish(AnalyticsSystem.CATALOG, AnalyticsSystem.stockLow(P3, "P3", 2, 5));
    publish(AnalyticsSystem.ORDERS, payment(c3, UUID.randomUUID(), day(-8), line(P4, 1, 4000)));
    publish(AnalyticsSystem.ORDERS, payment(c1, UUID.randomUUID(), day(-1), line(P1, 2, 1000), line(P2, 1, 500)));
    publish(AnalyticsSystem.ORDERS, payment(c1, UUID.randomUUID(), day(0), line(P1, 1, 1000), line(P3, 1, 300)));
    o3Payment = payment(c2, o3, day(0), line(P1, 1, 1000), line(P2, 2, 500));
    publish(AnalyticsSystem.ORDERS, o3Payment);
    publish(AnalyticsSystem.ORDERS, payment(c3, UUID.randomUUID(), day(0), line(P3, 3, 300)));
    publish(AnalyticsSystem.ORDERS, AnalyticsSystem.refund(c2, o3, 500, 2000, day(0)));
    assertEquals(0, sys.count("SELECT count(*) FROM dead_letters"));
  }

  @Test
  @Order(2)
  void theDashboardOfTodayAgainstYesterday() {
    var dashboard = ok(sys.get("/analytics/dashboard?period=today", sys.staff));
    assertEquals(today.toString(), dashboard.getString("from"));
    assertEquals(today.minusDays(1).toString(), dashboard.getString("previous_from"));
    var f = dashboard.getJsonObject("figures");
    assertFigure(f, "revenue", 4200, 2500, 68.0);
    assertFigure(f, "orders", 3, 1, 200.0);
    assertFigure(f, "average_order_value", 1400, 2500, -44.0);
    assertFigure(f, "units", 8, 3, 166.67);
    assertFigure(f, "new_customers", 1, 1, 0.0);
    assertFigure(f, "returning_customers", 2, 0, null);
    assertFigure(f, "refunds", 500, 0, null);
    assertFigure(f, "refund_count", 1, 0, null);
    var top = dashboard.getJsonArray("top_products");
    assertEquals(List.of(P1.toString(), P3.toString(), P2.toString()), ids(top));
    assertEquals(new JsonObject().put("product_id", P3.toString()).put("sku", "P3").put("title", "Product 3")
      .put("revenue", 1200).put("units", 4), top.getJsonObject(1));
    // as catalog lists them: P3 (2 available, reorder point 5), and P2 and P4 with nothing on hand
    // (low whatever their point; their product.created is of the shape without one)
    assertEquals(3, dashboard.getLong("low_stock_products"));
  }

  @Test
  @Order(3)
  void theDashboardOfSevenDays() {
    var f = ok(sys.get("/analytics/dashboard?period=7d", sys.staff)).getJsonObject("figures");
    assertFigure(f, "revenue", 6700, 4000, 67.5);
    assertFigure(f, "orders", 4, 1, 300.0);
    assertFigure(f, "new_customers", 2, 1, 100.0);
    assertFigure(f, "returning_customers", 1, 0, null);
  }

  @Test
  @Order(4)
  void salesTrendsFillGapsWithZeros() {
    var trend = ok(sys.get("/analytics/sales-trends?from=" + today.minusDays(8) + "&to=" + today, sys.staff));
    var points = trend.getJsonArray("points");
    assertEquals(9, points.size());
    assertEquals(point(today.minusDays(8), 4000, 1, 1), points.getJsonObject(0));
    for (var i = 1; i <= 6; i++) {
      assertEquals(point(today.minusDays(8 - i), 0, 0, 0), points.getJsonObject(i));
    }
    assertEquals(point(today.minusDays(1), 2500, 1, 3), points.getJsonObject(7));
    assertEquals(point(today, 4200, 3, 8), points.getJsonObject(8));

    var p1 = ok(sys.get("/analytics/sales-trends?from=" + today.minusDays(1) + "&to=" + today + "&product_id=" + P1,
      sys.staff)).getJsonArray("points");
    assertEquals(new JsonArray().add(point(today.minusDays(1), 2000, 1, 2)).add(point(today, 2000, 2, 2)), p1);

    assertProblem(400, "query.to", "not-before-from",
      sys.get("/analytics/sales-trends?from=" + today + "&to=" + today.minusDays(1), sys.staff));
  }

  @Test
  @Order(5)
  void frequentlyBoughtTogetherAboveTheMinimumSupportBestLiftFirst() {
    var answer = ok(sys.get("/analytics/recommendations?product_id=" + P1, sys.staff));
    assertEquals(5, answer.getLong("baskets"));
    assertEquals(3, answer.getLong("baskets_with_product"));
    var products = answer.getJsonArray("products");
    assertEquals(1, products.size(), answer::encode);
    var p2 = products.getJsonObject(0);
    assertEquals(P2.toString(), p2.getString("product_id"));
    assertEquals(2, p2.getLong("baskets"));
    assertEquals(0.4, p2.getDouble("support"), 1e-9);
    assertEquals(2.0 / 3, p2.getDouble("confidence"), 1e-9);
    assertEquals(5.0 / 3, p2.getDouble("lift"), 1e-9);

    var forC3 = ok(sys.get("/analytics/recommendations?customer_id=" + c3, sys.staff)).getJsonArray("products");
    assertEquals(List.of(P1.toString(), P2.toString()), ids(forC3));
    assertEquals(1, forC3.getJsonObject(0).getLong("customers"));

    // with neither: P1 in 3 baskets of 5, P2 and P3 in 2, P4 in 1
    var popular = ok(sys.get("/analytics/recommendations", sys.staff)).getJsonArray("products");
    assertEquals(List.of(P1.toString(), P2.toString(), P3.toString(), P4.toString()), ids(popular));
    assertEquals(0.6, popular.getJsonObject(0).getDouble("support"), 1e-9);

    assertProblem(400, "query.customer_id", "one-of",
      sys.get("/analytics/recommendations?product_id=" + P1 + "&customer_id=" + c3, sys.staff));
  }

  @Test
  @Order(6)
  void reorderSuggestionsMostUrgentFirstAndUnsoldLast() {
    var products = ok(sys.get("/analytics/reorder-suggestions", sys.staff)).getJsonArray("products");
    assertEquals(List.of(P2.toString(), P3.toString(), P1.toString(), P4.toString()), ids(products));
    var p2 = products.getJsonObject(0);
    assertEquals(0.429, p2.getDouble("velocity"));
    assertEquals(0.0, p2.getDouble("days_of_cover"));
    assertEquals(7, p2.getLong("suggested_quantity"));
    var p3 = products.getJsonObject(1);
    assertEquals(3.5, p3.getDouble("days_of_cover"));
    assertEquals(10, p3.getLong("suggested_quantity"));
    var p1 = products.getJsonObject(2);
    assertEquals(175.0, p1.getDouble("days_of_cover"));
    assertEquals(0, p1.getLong("suggested_quantity"));
    var p4 = products.getJsonObject(3);
    assertNull(p4.getValue("days_of_cover"));
    assertEquals(0, p4.getLong("suggested_quantity"));
  }

  @Test
  @Order(7)
  void aForecastOnEightDaysOfHistoryNamesItsFallbackModel() {
    var forecast = ok(sys.get("/analytics/forecast?horizon=3", sys.staff));
    assertEquals(8, forecast.getInteger("history_days"));
    assertEquals("simple_exponential_smoothing", forecast.getJsonObject("units_model").getString("model"));
    assertEquals(3, forecast.getJsonArray("points").size());
    assertEquals(today.toString(), forecast.getJsonArray("points").getJsonObject(0).getString("day"));
    assertEquals(400, sys.get("/analytics/forecast?horizon=91", sys.staff).status());
  }

  /**
   * Every type analytics consumes, delivered once more (the transports deliver at least once):
   * the answers, the orders heard of and the event log stay as they were.
   */
  @Test
  @Order(8)
  void aDuplicateDeliveryOfAnyEventChangesNothing() {
    var o3Lines = new JsonArray().add(line(P1, 1, 1000)).add(line(P2, 2, 500));
    var failedOrder = UUID.randomUUID();
    var more = List.of(
      AnalyticsSystem.ORDERS.event("order.created", o3, new JsonObject().put("order_id", o3.toString())
        .put("customer_id", c2.toString()).put("lines", o3Lines).put("total", AnalyticsSystem.money(2000))),
      AnalyticsSystem.ORDERS.event("order.confirmed", o3, new JsonObject().put("order_id", o3.toString())
        .put("customer_id", c2.toString())),
      AnalyticsSystem.ORDERS.event("order.shipped", o3, new JsonObject().put("order_id", o3.toString())
        .put("customer_id", c2.toString()).put("shipment_id", UUID.randomUUID().toString()).put("carrier", "ups")
        .put("tracking_number", "1Z999").put("fully_shipped", true).put("lines", new JsonArray(o3Lines.stream()
          .map(l -> ((JsonObject) l).copy().put("unit_cost", AnalyticsSystem.money(400))).toList()))),
      AnalyticsSystem.ORDERS.event("payment.failed", failedOrder, new JsonObject().put("order_id", failedOrder.toString())
        .put("payment_id", UUID.randomUUID().toString()).put("customer_id", c1.toString()).put("amount", 100)
        .put("currency", "USD").put("provider", "test").put("method", new JsonObject().put("type", "card")
          .put("brand", "visa").put("last4", "0002").put("exp_month", 12).put("exp_year", 2030))
        .put("reason", "card_declined").put("retryable", false)),
      AnalyticsSystem.CATALOG.event("product.updated", P1, AnalyticsSystem.productCreated(P1, "P1", "Product 1").data()));
    for (var event : more) {
      sys.publish(AnalyticsSystem.CATALOG.domain().equals(event.source()) ? AnalyticsSystem.CATALOG : AnalyticsSystem.ORDERS,
        event);
      published.add(event);
    }
    var before = answers();
    var orders = ordersHeardOf();
    var logged = sys.count("SELECT count(*) FROM event_log");
    assertEquals(Set.of("shopifygenie.product.created", "shopifygenie.product.updated", "shopifygenie.stock.adjusted",
        "shopifygenie.stock.low", "shopifygenie.order.created", "shopifygenie.order.confirmed", "shopifygenie.order.shipped",
        "shopifygenie.order.refunded", "shopifygenie.payment.processed", "shopifygenie.payment.failed"),
      published.stream().map(com.shopifygenie.platform.DomainEvent::type).collect(Collectors.toSet()));

    for (var event : published) {
      sys.publish(AnalyticsSystem.CATALOG.domain().equals(event.source()) ? AnalyticsSystem.CATALOG : AnalyticsSystem.ORDERS,
        event);
    }
    assertEquals(before, answers());
    assertEquals(orders, ordersHeardOf());
    assertEquals(logged, sys.count("SELECT count(*) FROM event_log"));
  }

  private String ordersHeardOf() {
    return sys.db.query("SELECT string_agg(order_id || ' ' || status || ' ' || coalesce(paid_at::text, '-'), ',' "
      + "ORDER BY order_id) FROM orders").execute().await().iterator().next().getString(0);
  }

  @Test
  @Order(9)
  void aRebuildGivesTheSameAnswers() {
    var before = answers();
    assertEquals(403, sys.post("/analytics/rebuild", sys.staff).status());
    var rebuilt = sys.rebuild();
    assertEquals(sys.count("SELECT count(*) FROM event_log"), rebuilt.getLong("events"));
    assertEquals(before, answers());
  }

  @Test
  @Order(10)
  void customersAreRefused() {
    assertEquals(403, sys.get("/analytics/dashboard", sys.customer).status());
  }

  /**
   * One customer's payments of two orders (two subjects, so two lanes, on Kafka two partitions)
   * applied at once: each must see the other, so the buyer counts equal those computed afresh from
   * every customer's paid days. Two payments that missed each other would both count as a first
   * purchase.
   */
  @Test
  @Order(11)
  void oneCustomersPaymentsAppliedAtOnceSeeEachOther() {
    var events = new ArrayList<com.shopifygenie.platform.DomainEvent>();
    for (int i = 0; i < 20; i++) {
      var customer = UUID.randomUUID();
      events.add(payment(customer, UUID.randomUUID(), day(-10), line(P1, 1, 100)));
      events.add(payment(customer, UUID.randomUUID(), day(-2), line(P1, 1, 100)));
    }
    io.vertx.core.Future.all(events.stream().map(e -> sys.transport.publish("payment-events", List.of(e))).toList()).await();
    com.shopifygenie.testkit.Eventually.eventually(() -> sys.count("SELECT count(*) FROM inbox WHERE event_id = ANY($1)",
      (Object) events.stream().map(com.shopifygenie.platform.DomainEvent::id).toArray(UUID[]::new)) == 40);
    var kept = "SELECT coalesce(string_agg(day || '/' || gap || '/' || customers, ' ' ORDER BY day, gap), '')"
      + " FROM buyer_gaps WHERE customers <> 0";
    var afresh = "SELECT coalesce(string_agg(day || '/' || gap || '/' || customers, ' ' ORDER BY day, gap), '') FROM ("
      + " SELECT day, gap, count(*) AS customers FROM (SELECT day, least(coalesce(day - lag(day)"
      + " OVER (PARTITION BY customer_id ORDER BY day), 30), 30) AS gap FROM customer_days) AS gaps GROUP BY day, gap) AS g";
    assertEquals(text(afresh), text(kept));
  }

  private String text(String sql) {
    return sys.db.query(sql).execute().await().iterator().next().getString(0);
  }

  private List<JsonObject> answers() {
    var all = new ArrayList<JsonObject>();
    all.add(ok(sys.get("/analytics/dashboard?period=30d", sys.staff)));
    all.add(ok(sys.get("/analytics/sales-trends?interval=week&from=" + today.minusDays(20) + "&to=" + today, sys.staff)));
    all.add(ok(sys.get("/analytics/recommendations?product_id=" + P1, sys.staff)));
    all.add(ok(sys.get("/analytics/recommendations?customer_id=" + c3, sys.staff)));
    all.add(ok(sys.get("/analytics/reorder-suggestions", sys.staff)));
    return all;
  }

  private static void assertFigure(JsonObject figures, String name, long value, long previous, Double percent) {
    var figure = figures.getJsonObject(name);
    assertEquals(new JsonObject().put("value", value).put("previous", previous).put("change", value - previous)
      .put("change_percent", percent), figure, name);
  }

  private static JsonObject point(LocalDate start, long revenue, long orders, long units) {
    return new JsonObject().put("start", start.toString()).put("revenue", revenue).put("orders", orders).put("units", units);
  }

  private static List<String> ids(JsonArray products) {
    return products.stream().map(o -> ((JsonObject) o).getString("product_id")).toList();
  }
}
