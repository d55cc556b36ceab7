package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.NodeMetrics;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.Reply;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission control: beyond the configured backlog POST /orders answers 503 with Retry-After,
 * reads go on, and orders are taken again once the backlog drained. The backlog is made by
 * stopping catalog, so orders stay pending; it drains as they are cancelled. Before it refuses,
 * the intake paces: past a lower mark an order waits for the pipeline, at most a while.
 */
class AdmissionControlTest {

  static final int MAX_PENDING = 2;
  static final int PACE_MOST_WAIT_MS = 300;

  static Vertx vertx;
  static TestSystem system;
  static ApiClient api;
  static String catalog;

  @BeforeAll
  static void start() {
    vertx = NodeMetrics.newVertx();
    system = TestSystem.create(vertx);
    Settings.put(system.settings(), "orders.admission.max_pending_orders", MAX_PENDING);
    Settings.put(system.settings(), "orders.admission.check_interval_ms", 50);
    // pacing first: beyond one pending order a new one waits for the pipeline, here for nothing
    Settings.put(system.settings(), "orders.admission.pace_pending_orders", 1);
    Settings.put(system.settings(), "orders.admission.pace_most_wait_ms", PACE_MOST_WAIT_MS);
    system.deploy(AuthVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    // outside the system's deployments: the test stops it to let orders pile up
    catalog = vertx.deployVerticle(new CatalogVerticle(system.settings())).await();
    api = system.client();
  }

  @AfterAll
  static void stop() {
    system.stop();
    vertx.close().await();
  }

  static Reply order(String token, String sku) {
    return api.post("/orders", new JsonObject().put("lines", new JsonArray()
      .add(new JsonObject().put("sku", sku).put("quantity", 1))), token);
  }

  static double paced(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("shopifygenie_orders_paced_total "))
      .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
  }

  @Test
  void newOrdersAreRefusedWhileTooManyWaitAndTakenAgainAsTheyDrain() {
    var staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    var sku = "A-" + UUID.randomUUID();
    var money = new JsonObject().put("amount", 900).put("currency", "USD");
    assertEquals(201, api.post("/products", new JsonObject().put("sku", sku).put("title", "Admitted thing")
      .put("price", money).put("unit_cost", money.copy().put("amount", 300)), staff).status());
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    var customer = api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
    // the price list learns the product by an event; with catalog stopped no order leaves pending
    eventually(() -> {
      var probe = api.post("/orders", new JsonObject().put("lines", new JsonArray()
        .add(new JsonObject().put("sku", sku).put("quantity", 1))
        .add(new JsonObject().put("sku", "NO-SUCH-SKU").put("quantity", 1))), customer);
      return probe.status() == 422
        && "/lines/1/sku".equals(probe.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    });
    vertx.undeploy(catalog).await();

    var pending = new ArrayList<String>();
    var waited = new ArrayList<Long>();
    eventually(() -> {
      var sent = System.nanoTime();
      var reply = order(customer, sku);
      if (reply.status() == 201) {
        pending.add(reply.json().getString("id"));
        waited.add((System.nanoTime() - sent) / 1_000_000);
        return false;
      }
      return reply.status() == 503;
    });
    assertTrue(pending.size() > MAX_PENDING, pending::toString);
    // past the pace mark, orders waited for a pipeline that did not move, the most they may, and
    // were taken then
    assertTrue(waited.stream().anyMatch(ms -> ms >= PACE_MOST_WAIT_MS - 50), waited::toString);

    var refused = order(customer, sku);
    assertEquals(503, refused.status(), refused::toString);
    assertEquals("2", refused.header("Retry-After"));
    assertEquals("https://shopifygenie.dev/problems/unavailable", refused.json().getString("type"));
    // it names what holds the intake shut, by its setting
    assertTrue(refused.json().getString("detail").contains("max_pending_orders " + MAX_PENDING), refused::toString);
    // reads are never refused for it
    assertEquals(200, api.get("/orders/" + pending.get(0), customer).status());
    assertEquals(200, api.get("/orders?limit=10", customer).status());
    // the backlog and the refusals are metrics
    eventually(() -> api.get("/metrics").text().contains("shopifygenie_orders_pending " + pending.size() + ".0"));
    var metrics = api.get("/metrics").text();
    assertTrue(metrics.contains("shopifygenie_orders_intake_open 0.0"), metrics);
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("shopifygenie_orders_refused_total ")
      && !l.endsWith(" 0.0")), metrics);

    var paced = paced(metrics);
    assertTrue(paced > 0, metrics);

    // the backlog drains: orders are taken again, without waiting
    pending.forEach(id -> assertEquals(200, api.post("/orders/" + id + "/cancel", new JsonObject(), customer).status()));
    eventually(() -> api.get("/metrics").text().contains("shopifygenie_orders_pending 0.0"));
    assertEquals(201, order(customer, sku).status());
    assertEquals(paced, paced(api.get("/metrics").text()));
  }
}
