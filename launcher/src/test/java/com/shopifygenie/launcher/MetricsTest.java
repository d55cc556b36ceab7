package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.NodeMetrics;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /metrics after some traffic: every kind of metric the node measures is in the text. */
class MetricsTest {

  /** One series of each kind the issue asks for, as the text names them. */
  static final List<String> ONE_OF_EACH_KIND = List.of(
    "vertx_http_server_requests_total",            // HTTP requests by route and status
    "vertx_http_server_response_time_seconds_bucket", // their latency histogram
    "vertx_pool_in_use",                           // pool use
    "vertx_eventbus_sent_total",                   // event-bus traffic
    "jvm_memory_used_bytes",                       // JVM memory
    "jvm_gc_",                                     // GC
    "shopifygenie_relay_backlog_events",           // relay backlog per domain
    "shopifygenie_relay_backlog_oldest_age_seconds",
    "shopifygenie_dead_letters_waiting",
    "shopifygenie_retention_rows_removed_total");  // rows past their retention, deleted

  static Vertx vertx;
  static TestSystem system;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = NodeMetrics.newVertx();
    system = TestSystem.create(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    someTraffic(api);
  }

  @AfterAll
  static void stop() {
    system.stop();
    vertx.close().await();
  }

  /** A product, and an order for it that goes through the event pipeline. */
  static void someTraffic(ApiClient api) {
    var staff = api.post("/auth/login", new JsonObject().put("email", TestSettings.ADMIN_EMAIL)
      .put("password", TestSettings.ADMIN_PASSWORD)).json().getString("access_token");
    var money = new JsonObject().put("amount", 1500).put("currency", "USD");
    var sku = "M-" + UUID.randomUUID();
    var product = api.post("/products", new JsonObject().put("sku", sku).put("title", "Metered thing")
      .put("price", money).put("unit_cost", money.copy().put("amount", 600)), staff);
    assertEquals(201, product.status(), product::toString);
    assertEquals(200, api.get("/products/" + product.json().getString("id"), staff).status());
    var email = "c-" + UUID.randomUUID() + "@example.com";
    api.post("/auth/register", new JsonObject().put("email", email).put("password", "password-1"));
    var customer = api.post("/auth/login", new JsonObject().put("email", email).put("password", "password-1"))
      .json().getString("access_token");
    var order = new JsonObject().put("lines", new JsonArray().add(new JsonObject().put("sku", sku).put("quantity", 1)));
    // the price list and the customer reach orders as events: the order is taken once both arrived
    eventually(() -> api.post("/orders", order, customer).status() == 201);
  }

  @Test
  void metricsAnswerPrometheusTextWithEveryKindOfMetric() {
    // a refusal and a page reached through two routes are counted under the route that answered
    assertEquals(401, api.get("/products").status());
    assertEquals(200, api.get("/api-docs/").status());
    var reply = api.get("/metrics");
    assertEquals(200, reply.status(), reply::toString);
    assertTrue(reply.header("Content-Type").startsWith("text/plain; version=0.0.4"), reply.header("Content-Type"));
    var text = reply.text();
    for (var name : ONE_OF_EACH_KIND) {
      assertTrue(text.contains(name), () -> name + " is missing from /metrics:\n" + text);
    }
    // requests by route template and status, never by the raw path of one product
    assertTrue(text.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total{")
      && line.contains("route=\"/products/:product_id\"") && line.contains("code=\"200\"")), text);
    assertTrue(text.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total{")
      && line.contains("route=\"/products\"") && line.contains("code=\"401\"")), text);
    assertTrue(text.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total{")
      && line.contains("route=\"/api-docs/\"") && line.contains("code=\"200\"")), text);
    assertTrue(text.lines().noneMatch(line -> line.contains("route=\"") && line.contains(">")), text);
    assertTrue(text.contains("vertx_pool_in_use{pool_name=\"orders\",pool_type=\"sql\"}"), text);
    assertTrue(text.contains("shopifygenie_relay_backlog_events{domain=\"orders\"}"), text);
  }

  @Test
  void madeUpMethodsShareOneSeriesAndALatencyHistogramHasADozenBuckets() {
    for (int i = 0; i < 5; i++) {
      var reply = api.send(HttpMethod.valueOf("MADEUP" + i), "/health", null, null, Map.of());
      assertTrue(reply.status() >= 400 && reply.status() < 500, reply::toString);
    }
    var text = api.get("/metrics").text();
    assertFalse(text.contains("MADEUP"), "a series per made-up method");
    assertTrue(text.lines().anyMatch(line -> line.startsWith("vertx_http_server_requests_total{")
      && line.contains("method=\"other\"")), text);
    var buckets = text.lines().filter(line -> line.startsWith("vertx_http_server_response_time_seconds_bucket{")
      && line.contains("route=\"/products/:product_id\"") && line.contains("code=\"200\"")
      && line.contains("method=\"GET\"")).count();
    assertEquals(14, buckets, "1 ms to 10 s, and +Inf");
  }

  @Test
  void aRealPrometheusScrapesOneMetricOfEachKind() throws Exception {
    try (var prometheus = PrometheusServer.startScraping("127.0.0.1:" + system.port())) {
      prometheus.waitUntilScraped();
      for (var query : List.of(
          "vertx_http_server_requests_total{route=\"/products/:product_id\",code=\"200\"}",
          "vertx_http_server_response_time_seconds_bucket{route=\"/orders\",le=\"+Inf\"}",
          "vertx_pool_in_use{pool_type=\"sql\",pool_name=\"orders\"}",
          "vertx_eventbus_sent_total{address=\"events.order-events.catalog\"}",
          "jvm_memory_used_bytes{area=\"heap\"}",
          "jvm_gc_memory_allocated_bytes_total",
          "shopifygenie_relay_backlog_events{domain=\"orders\"}",
          "shopifygenie_relay_backlog_oldest_age_seconds{domain=\"catalog\"}",
          "shopifygenie_dead_letters_waiting{domain=\"catalog\"}")) {
        var series = prometheus.query(query);
        assertFalse(series.isEmpty(), () -> "Prometheus has no series for " + query);
      }
    }
  }
}
