package com.shopifygenie.launcher;

import com.shopifygenie.analytics.AnalyticsVerticle;
import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

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
abstract class AnalyticsLifeTest {

  TestSystem system;
  ApiClient api;
  Shop shop;
  String staff;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) {
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
  void ordersPaidShippedAndRefundedShowOnTheDashboardTrendsAndRecommendationsAsComputedByHand() {
    var today = LocalDate.now(ZoneOffset.UTC);
    var mug = shop.product("AN-MUG", 1200, 500, 20);
    var tea = shop.product("AN-TEA", 3000, 1100, 20);
    var pen = shop.product("AN-PEN", 250, 100, 20);
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
