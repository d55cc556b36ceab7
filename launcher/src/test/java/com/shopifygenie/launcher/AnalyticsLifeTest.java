package com.shopifygenie.launcher;

import com.shopifygenie.analytics.AnalyticsVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.DomainEvent;
import com.shopifygenie.platform.EventSource;
import com.shopifygenie.platform.EventTransports;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.EventSchemas;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
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

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Analytics from the real events of catalog and orders, all through HTTP: orders placed, paid,
 * shipped and refunded by their customers and staff; the dashboard, the trends and the
 * recommendations hold the values computed by hand. The shop's days are UTC (config/default.yaml).
 * Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AnalyticsLifeTest {

  /** How orders' relay publishes payments: on payment-events, the order as subject. */
  static final EventSource ORDERS = new EventSource("orders", Map.of("order", "order-events", "payment", "payment-events"));

  TestSystem system;
  ApiClient api;
  Shop shop;
  String staff;
  Vertx vertx;
  /** What the first test sold, for the second. */
  String mug;
  String tea;
  String pen;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new,
      AnalyticsVerticle::new, GatewayVerticle::new);
    api = system.client();
    staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    shop = new Shop(api, staff);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  /**
   * Today, mug 12.00, tea 30.00, pen 2.50:
   * <pre>
   * o1 c1: 2 mugs, 1 tea   2400 + 3000 = 5400, 3 units; shipped
   * o2 c2: 1 mug, 2 teas   1200 + 6000 = 7200, 3 units; shipped, 1 tea back restocked: 3000 refunded
   * o3 c2: 4 pens          1000, 4 units; 300 refunded without return
   * o4 c3: 1 pen           placed and confirmed, never paid: counts nowhere
   * revenue 13600 in 3 orders, AOV 13600 / 3 = 4533, 10 units; c1 and c2 new, none returning;
   *   refunds 3300 in 2; nothing yesterday (changes in percent undefined)
   * top: tea 9000 (3 units), mug 3600 (3), pen 1000 (4); revenue as paid, refunds counted apart
   * baskets {mug, tea} {mug, tea} {pen}: with the mug (2 of 3) the tea in 2: support 2/3,
   *   confidence 2/2, lift 1 / (2/3) = 1.5; c1 (mug, tea) shares them with c2, who also bought the pen
   * </pre>
   */
  @Test
  @Order(1)
  void ordersPaidShippedAndRefundedShowOnTheDashboardTrendsAndRecommendationsAsComputedByHand() {
    var today = LocalDate.now(ZoneOffset.UTC);
    mug = shop.product("AN-MUG", 1200, 500, 20);
    tea = shop.product("AN-TEA", 3000, 1100, 20);
    pen = shop.product("AN-PEN", 250, 100, 20);
    var c1 = shop.customer();
    var c2 = shop.customer();
    var c3 = shop.customer();

    var o1 = paidOrder(c1, Shop.lines("AN-MUG", 2, "AN-TEA", 1), 5400);
    created(shop.ship(o1, Shop.lines("AN-MUG", 2, "AN-TEA", 1)).await());
    var o2 = paidOrder(c2, Shop.lines("AN-MUG", 1, "AN-TEA", 2), 7200);
    created(shop.ship(o2, Shop.lines("AN-MUG", 1, "AN-TEA", 2)).await());
    created(shop.refundLines(o2, new JsonArray().add(new JsonObject().put("sku", "AN-TEA").put("quantity", 1)
      .put("restock", true)), "wrong flavour").await());
    var o3 = paidOrder(c2, Shop.lines("AN-PEN", 4), 1000);
    created(shop.refundAmount(o3, 300, "ink dried").await());
    var o4 = created(shop.order(c3, Shop.lines("AN-PEN", 1)).await()).getString("id");
    eventually(() -> "confirmed".equals(shop.statusOf(o4)));

    eventually(() -> {
      var f = report("/analytics/dashboard?period=today").getJsonObject("figures");
      return f.getJsonObject("orders").getLong("value") == 3 && f.getJsonObject("refund_count").getLong("value") == 2;
    });
    var dashboard = report("/analytics/dashboard?period=today");
    assertEquals(today.toString(), dashboard.getString("from"));
    var f = dashboard.getJsonObject("figures");
    assertFigure(f, "revenue", 13_600);
    assertFigure(f, "orders", 3);
    assertFigure(f, "average_order_value", 4_533);
    assertFigure(f, "units", 10);
    assertFigure(f, "new_customers", 2);
    assertFigure(f, "returning_customers", 0);
    assertFigure(f, "refunds", 3_300);
    assertFigure(f, "refund_count", 2);
    assertEquals(new JsonArray().add(product(tea, "AN-TEA", 9_000, 3)).add(product(mug, "AN-MUG", 3_600, 3))
      .add(product(pen, "AN-PEN", 1_000, 4)), dashboard.getJsonArray("top_products"));
    assertEquals(0, dashboard.getLong("low_stock_products"));

    var trend = report("/analytics/sales-trends?from=" + today.minusDays(2) + "&to=" + today + "&interval=day");
    assertEquals(new JsonArray().add(point(today.minusDays(2), 0, 0, 0)).add(point(today.minusDays(1), 0, 0, 0))
      .add(point(today, 13_600, 3, 10)), trend.getJsonArray("points"));
    var teaTrend = report("/analytics/sales-trends?from=" + today + "&to=" + today + "&product_id=" + tea);
    assertEquals(new JsonArray().add(point(today, 9_000, 2, 3)), teaTrend.getJsonArray("points"));

    var withMug = report("/analytics/recommendations?product_id=" + mug);
    assertEquals(List.of(3L, 2L), List.of(withMug.getLong("baskets"), withMug.getLong("baskets_with_product")));
    var products = withMug.getJsonArray("products");
    assertEquals(1, products.size(), withMug::encode);
    var together = products.getJsonObject(0);
    assertEquals(List.of(tea, 2L), List.of(together.getString("product_id"), together.getLong("baskets")));
    assertEquals(2.0 / 3, together.getDouble("support"), 1e-9);
    assertEquals(1.0, together.getDouble("confidence"), 1e-9);
    assertEquals(1.5, together.getDouble("lift"), 1e-9);
    var forC1 = report("/analytics/recommendations?customer_id=" + me(c1)).getJsonArray("products");
    assertEquals(List.of(pen), forC1.stream().map(p -> ((JsonObject) p).getString("product_id")).toList());
    assertEquals(1, forC1.getJsonObject(0).getLong("customers"));
  }

  /**
   * Then, on top of today's orders, three earlier payments that the HTTP API cannot date back are
   * published into the transport as orders' relay would: x1 2 mugs (2400) 10 days ago and 20 pens
   * (5000) 2 days ago, x2 1 tea (3000) 40 days ago. Stock as catalog announced it: mug 20 - 2 - 1 = 17,
   * tea 20 - 1 - 2 + 1 restocked = 18, pen 20 - 4 - 1 reserved for o4 = 15.
   * <pre>
   * 7d (d-6..d): 13600 + 5000 = 18600 in 4 orders, AOV 4650, 30 units; new c1 c2 = 2; x1 returning = 1;
   *   refunds 3300 in 2. Before (d-13..d-7): 2400 in 1, AOV 2400, 2 units, new x1 = 1.
   *   change: revenue +16200 (675 %), orders +3 (300 %), AOV +2250 (93.75 %), units +28 (1400 %),
   *   new +1 (100 %), returning +1 (no percent of 0)
   * 30d (d-29..d): 13600 + 2400 + 5000 = 21000 in 5, AOV 4200, 32 units, new c1 c2 x1 = 3, returning 0.
   *   Before (d-59..d-30): 3000 in 1, AOV 3000, 1 unit, new x2 = 1.
   *   change: +18000 (600 %), +4 (400 %), +1200 (40 %), +31 (3100 %), +2 (200 %), 0 (no percent)
   * top 30d: tea 9000 (3), pen 1000 + 5000 = 6000 (24) before mug 3600 + 2400 = 6000 (5) by units
   * reorder over 28 days, lead time 7, z 1.65 (config/default.yaml):
   *   pen 24 units: velocity 24/28 = 0.857, σ² = (4² + 20²)/28 - (24/28)², σ = 3.758, cover 15/0.857 = 17.5,
   *     quantity ceil(0.857 × 7 + 1.65 × 3.758 × √7 - 15) = ceil(7.41) = 8
   *   mug 5 units: 0.179, σ² = (3² + 2²)/28 - (5/28)², σ = 0.658, cover 95.2, quantity 0
   *   tea 3 units: 0.107, σ² = 3²/28 - (3/28)², σ = 0.557, cover 168, quantity 0
   * </pre>
   */
  @Test
  @Order(2)
  void earlierPeriodsAndReorderSuggestionsAsComputedByHand() {
    var today = LocalDate.now(ZoneOffset.UTC);
    var x1 = UUID.randomUUID();
    var x2 = UUID.randomUUID();
    var transport = EventTransports.create(vertx, system.settings());
    try {
      for (var payment : List.of(payment(x1, today.minusDays(10), mug, 2, 1200), payment(x1, today.minusDays(2), pen, 20, 250),
          payment(x2, today.minusDays(40), tea, 1, 3000))) {
        EventSchemas.assertValid(vertx, payment);
        transport.publish("payment-events", List.of(payment)).await();
      }
    } finally {
      transport.close().await();
    }
    eventually(() -> report("/analytics/dashboard?period=30d").getJsonObject("figures").getJsonObject("orders")
      .getLong("previous") == 1 && report("/analytics/dashboard?period=7d").getJsonObject("figures")
      .getJsonObject("orders").getLong("value") == 4);

    var week = report("/analytics/dashboard?period=7d");
    assertEquals(List.of(today.minusDays(6).toString(), today.minusDays(13).toString(), today.minusDays(7).toString()),
      List.of(week.getString("from"), week.getString("previous_from"), week.getString("previous_to")));
    var f = week.getJsonObject("figures");
    assertFigure(f, "revenue", 18_600, 2_400, 675.0);
    assertFigure(f, "orders", 4, 1, 300.0);
    assertFigure(f, "average_order_value", 4_650, 2_400, 93.75);
    assertFigure(f, "units", 30, 2, 1400.0);
    assertFigure(f, "new_customers", 2, 1, 100.0);
    assertFigure(f, "returning_customers", 1, 0, null);
    assertFigure(f, "refunds", 3_300, 0, null);
    assertFigure(f, "refund_count", 2, 0, null);
    assertEquals(new JsonArray().add(product(tea, "AN-TEA", 9_000, 3)).add(product(pen, "AN-PEN", 6_000, 24))
      .add(product(mug, "AN-MUG", 3_600, 3)), week.getJsonArray("top_products"));

    var month = report("/analytics/dashboard?period=30d");
    assertEquals(List.of(today.minusDays(29).toString(), today.minusDays(59).toString(), today.minusDays(30).toString()),
      List.of(month.getString("from"), month.getString("previous_from"), month.getString("previous_to")));
    f = month.getJsonObject("figures");
    assertFigure(f, "revenue", 21_000, 3_000, 600.0);
    assertFigure(f, "orders", 5, 1, 400.0);
    assertFigure(f, "average_order_value", 4_200, 3_000, 40.0);
    assertFigure(f, "units", 32, 1, 3100.0);
    assertFigure(f, "new_customers", 3, 1, 200.0);
    assertFigure(f, "returning_customers", 0, 0, null);
    assertFigure(f, "refunds", 3_300, 0, null);
    assertFigure(f, "refund_count", 2, 0, null);
    assertEquals(new JsonArray().add(product(tea, "AN-TEA", 9_000, 3)).add(product(pen, "AN-PEN", 6_000, 24))
      .add(product(mug, "AN-MUG", 6_000, 5)), month.getJsonArray("top_products"));

    eventually(() -> report("/analytics/reorder-suggestions").getJsonArray("products").stream()
      .map(JsonObject.class::cast).mapToLong(p -> p.getLong("available")).sum() == 17 + 18 + 15);
    var reorder = report("/analytics/reorder-suggestions");
    assertEquals(List.of(28, 7, 1.65), List.of(reorder.getInteger("window_days"), reorder.getInteger("lead_time_days"),
      reorder.getDouble("service_level_z")));
    assertEquals(new JsonArray()
        .add(suggestion(pen, "AN-PEN", 15, 24, 0.857, 3.758, 17.5, 8))
        .add(suggestion(mug, "AN-MUG", 17, 5, 0.179, 0.658, 95.2, 0))
        .add(suggestion(tea, "AN-TEA", 18, 3, 0.107, 0.557, 168.0, 0)),
      reorder.getJsonArray("products"));
  }

  /**
   * The prober's sequence, through HTTP: after each step the dashboard's low_stock_products comes
   * to the number of products catalog's GET /inventory/low-stock lists (not archived, available at
   * or below the reorder point), which the step moved as catalog's contract says. The products of
   * the tests before are in both counts (stocked, reorder point 0: not low).
   */
  @Test
  @Order(3)
  void theDashboardCountsTheProductsCatalogListsAsLowOnStock() {
    var before = catalogLowStock();
    assertLowStock(before);

    // created with a reorder point of 10 and nothing on hand: low from the start
    var bolt = created(api.post("/products", new JsonObject().put("sku", "AN-BOLT").put("title", "Thing AN-BOLT")
      .put("price", Shop.usd(90)).put("unit_cost", Shop.usd(30)).put("reorder_point", 10), staff)).getString("id");
    assertLowStock(before + 1);
    // 5 received, still at or below 10: still low
    receive(bolt, 5);
    eventually(() -> analyticsAvailable(bolt) == 5);
    assertLowStock(before + 1);
    // archived: catalog lists it no more; active again: listed again
    setStatus(bolt, "archived", "\"1\"");
    assertLowStock(before);
    setStatus(bolt, "active", "\"2\"");
    assertLowStock(before + 1);

    // 15 on hand, reorder point 0: not low; the point raised to 20: low; back to 5: not low
    var nut = created(api.post("/products", new JsonObject().put("sku", "AN-NUT").put("title", "Thing AN-NUT")
      .put("price", Shop.usd(50)).put("unit_cost", Shop.usd(20)), staff)).getString("id");
    receive(nut, 15);
    eventually(() -> analyticsAvailable(nut) == 15);
    assertLowStock(before + 1);
    reorderAt(nut, 20);
    assertLowStock(before + 2);
    reorderAt(nut, 5);
    assertLowStock(before + 1);
  }

  /** Catalog lists this many products as low on stock, and the dashboard comes to the same count. */
  void assertLowStock(long expected) {
    assertEquals(expected, catalogLowStock(), "catalog's GET /inventory/low-stock");
    try {
      eventually(Duration.ofSeconds(20), () -> report("/analytics/dashboard?period=today").getLong("low_stock_products")
        == expected);
    } catch (AssertionError late) {
      assertEquals(expected, report("/analytics/dashboard?period=today").getLong("low_stock_products"),
        "the dashboard's low_stock_products against catalog's low-stock list");
    }
  }

  /** How many products catalog's GET /inventory/low-stock lists, page after page. */
  long catalogLowStock() {
    long listed = 0;
    String cursor = null;
    do {
      var page = report("/inventory/low-stock?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
      listed += page.getJsonArray("items").size();
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    return listed;
  }

  /** Available stock of the product as analytics heard it (reorder suggestions list every product); -1 unheard of. */
  long analyticsAvailable(String productId) {
    return report("/analytics/reorder-suggestions").getJsonArray("products").stream().map(JsonObject.class::cast)
      .filter(p -> productId.equals(p.getString("product_id"))).mapToLong(p -> p.getLong("available", -1L))
      .findFirst().orElse(-1L);
  }

  void receive(String productId, int units) {
    created(shop.send(HttpMethod.POST, "/inventory/adjustments", new JsonObject().put("product_id", productId)
      .put("kind", "received").put("quantity", units).put("reason", "delivery"), staff, UUID.randomUUID().toString()));
  }

  void setStatus(String productId, String status, String etag) {
    var reply = api.send(HttpMethod.PATCH, "/products/" + productId, new JsonObject().put("status", status).toBuffer(),
      "application/json", Map.of("Authorization", "Bearer " + staff, "If-Match", etag));
    assertEquals(200, reply.status(), reply::toString);
  }

  void reorderAt(String productId, int point) {
    var reply = shop.send(HttpMethod.PATCH, "/products/" + productId + "/inventory",
      new JsonObject().put("reorder_point", point), staff, null);
    assertEquals(200, reply.status(), reply::toString);
  }

  /** A payment of one line as orders' relay publishes it, dated back to noon of the day. */
  static DomainEvent payment(UUID customer, LocalDate day, String product, int quantity, long price) {
    var orderId = UUID.randomUUID();
    var line = new JsonObject().put("sku", "ANY").put("product_id", product).put("quantity", quantity)
      .put("unit_price", new JsonObject().put("amount", price).put("currency", "USD"));
    var event = ORDERS.event("payment.processed", orderId, new JsonObject().put("order_id", orderId.toString())
      .put("payment_id", UUID.randomUUID().toString()).put("customer_id", customer.toString())
      .put("amount", quantity * price).put("currency", "USD").put("provider", "test")
      .put("method", new JsonObject().put("type", "card").put("brand", "visa").put("last4", "4242")
        .put("exp_month", 12).put("exp_year", 2030))
      .put("lines", new JsonArray().add(line)));
    return new DomainEvent(event.id(), event.source(), event.type(), event.subject(),
      day.atTime(12, 0).atOffset(ZoneOffset.UTC), event.data());
  }

  static JsonObject suggestion(String id, String sku, long available, long sold, double velocity, double deviation,
                               double cover, long quantity) {
    return new JsonObject().put("product_id", id).put("sku", sku).put("title", "Thing " + sku).put("available", available)
      .put("units_sold", sold).put("velocity", velocity).put("daily_deviation", deviation).put("days_of_cover", cover)
      .put("suggested_quantity", quantity);
  }

  static void assertFigure(JsonObject figures, String name, long value, long previous, Double percent) {
    assertEquals(new JsonObject().put("value", value).put("previous", previous).put("change", value - previous)
      .put("change_percent", percent), figures.getJsonObject(name), name);
  }

  String paidOrder(String customer, JsonArray lines, long total) {
    var id = created(shop.order(customer, lines).await()).getString("id");
    eventually(() -> "confirmed".equals(shop.statusOf(id)));
    created(shop.pay(id, Shop.VISA, "123", total, customer).await());
    return id;
  }

  /** The customer's id, as auth knows it. */
  String me(String token) {
    var reply = api.get("/auth/me", token);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json().getString("id");
  }

  JsonObject report(String path) {
    var reply = api.get(path, staff);
    assertEquals(200, reply.status(), reply::toString);
    return reply.json();
  }

  /** Today's figure against nothing yesterday: the change is the value, its percent undefined. */
  static void assertFigure(JsonObject figures, String name, long value) {
    assertEquals(new JsonObject().put("value", value).put("previous", 0L).put("change", value)
      .putNull("change_percent"), figures.getJsonObject(name), name);
  }

  static JsonObject point(LocalDate start, long revenue, long orders, long units) {
    return new JsonObject().put("start", start.toString()).put("revenue", revenue).put("orders", orders).put("units", units);
  }

  static JsonObject product(String id, String sku, long revenue, long units) {
    return new JsonObject().put("product_id", id).put("sku", sku).put("title", "Thing " + sku)
      .put("revenue", revenue).put("units", units);
  }

  static JsonObject created(Reply reply) {
    assertEquals(201, reply.status(), reply::toString);
    return reply.json();
  }
}
