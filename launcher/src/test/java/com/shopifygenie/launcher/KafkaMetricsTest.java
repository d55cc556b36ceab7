package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.NodeMetrics;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On Kafka, /metrics shows each consumer group's events waiting (its lag) besides the relay backlog. */
class KafkaMetricsTest {

  static Vertx vertx;
  static TestSystem system;
  static ApiClient api;

  @BeforeAll
  static void start() {
    vertx = NodeMetrics.newVertx();
    system = TestSystem.withKafka(vertx)
      .deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    MetricsTest.someTraffic(api);
  }

  @AfterAll
  static void stop() {
    system.stop();
    vertx.close().await();
  }

  @Test
  void eachConsumerGroupShowsItsEventsWaiting() {
    // the order went through catalog and back: both groups applied everything they committed
    eventually(() -> {
      var text = api.get("/metrics").text();
      return text.contains("shopifygenie_consumer_events_waiting{group=\"catalog\"} 0.0")
        && text.contains("shopifygenie_consumer_events_waiting{group=\"orders\"} 0.0");
    });
    var text = api.get("/metrics").text();
    assertTrue(text.contains("shopifygenie_relay_backlog_events{domain=\"orders\"}"), text);
  }
}
