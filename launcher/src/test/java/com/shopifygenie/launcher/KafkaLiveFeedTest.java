package com.shopifygenie.launcher;

import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaLiveFeedTest extends LiveFeedTest {

  /** Where the gateway is among the verticles {@link LiveFeedTest} deploys. */
  private static final int GATEWAY = 3;

  @Override
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.withKafka(vertx);
  }

  /**
   * Orders on either side of the client's last event, their events on different partitions: the
   * gateway that restarts rebuilds the order they were heard in, so the client's Last-Event-ID
   * still marks exactly what it had.
   */
  @Test
  void aGatewayThatRestartsRefillsItsBufferFromKafkaSoAReconnectLosesNothing() {
    var customer = OrderFlowTest.customer();
    var first = LiveClient.connect(vertx, system.port(), "/live/events?types=order.*",
      Map.of("Authorization", "Bearer " + staff));
    var seen = new ArrayList<String>();
    String lastSeen;
    try {
      for (int i = 0; i < 4; i++) {
        var id = OrderFlowTest.order(customer, "LIVE-1", 1).json().getString("id");
        eventually(() -> first.eventsOfOrder(id).contains("order.confirmed"));
        seen.add(id);
      }
      var messages = first.messages();
      lastSeen = messages.get(messages.size() - 1).id();
    } finally {
      first.close();
    }
    var watcher = LiveClient.connect(vertx, system.port(), "/live/events?types=order.confirmed",
      Map.of("Authorization", "Bearer " + staff));
    var missed = new ArrayList<String>();
    try {
      for (int i = 0; i < 4; i++) {
        var id = OrderFlowTest.order(customer, "LIVE-1", 1).json().getString("id");
        eventually(() -> !watcher.eventsOfOrder(id).isEmpty());
        missed.add(id);
      }
    } finally {
      watcher.close();
    }
    // the gateway's buffer goes with it
    system.redeploy(GATEWAY, GatewayVerticle::new);
    var afterRestart = OrderFlowTest.order(customer, "LIVE-1", 1).json().getString("id");
    missed.add(afterRestart);

    var again = LiveClient.connect(vertx, system.port(), "/live/events?types=order.*", Map.of(
      "Authorization", "Bearer " + staff, "Last-Event-ID", lastSeen));
    try {
      assertEquals(200, again.status());
      eventually(() -> again.eventsOfOrder(afterRestart).contains("order.confirmed"));
      var messages = again.messages();
      assertTrue(messages.stream().noneMatch(m -> m.event().equals("gap")), messages::toString);
      for (var id : seen) {
        assertEquals(List.of(), again.eventsOfOrder(id), "replayed again: " + messages);
      }
      for (var id : missed) {
        assertEquals(List.of("order.created", "order.confirmed"), again.eventsOfOrder(id), messages::toString);
      }
      var ids = messages.stream().map(LiveClient.Message::id).toList();
      assertEquals(ids.size(), new HashSet<>(ids).size(), "an event came twice: " + ids);
    } finally {
      again.close();
    }
  }
}
