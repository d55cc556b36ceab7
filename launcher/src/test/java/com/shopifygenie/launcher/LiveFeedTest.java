package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live feed at the gateway, fed by the domains' events: who sees what, while orders are
 * placed. Run once per transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveFeedTest {

  TestSystem system;
  ApiClient api;
  String staff;
  Vertx vertx;

  abstract TestSystem newSystem(Vertx vertx);

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    system = newSystem(vertx).deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    api = system.client();
    OrderFlowTest.api = api;
    staff = OrderFlowTest.token(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    OrderFlowTest.staff = staff;
    OrderFlowTest.productWithStock("LIVE-1", 100);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  private LiveClient connect(String query, String token) {
    var client = LiveClient.connect(vertx, system.port(), "/live/events" + query,
      Map.of("Authorization", "Bearer " + token));
    assertEquals(200, client.status());
    return client;
  }

  private String userId(String token) {
    return api.get("/auth/me", token).json().getString("id");
  }

  private String confirmedOrder(String token) {
    var placed = OrderFlowTest.order(token, "LIVE-1", 1);
    assertEquals(201, placed.status(), placed::toString);
    return placed.json().getString("id");
  }

  @Test
  void staffSeeEveryEventAndEachCustomerOnlyItsOwnOrdersWithoutCosts() {
    var alice = OrderFlowTest.customer();
    var bob = OrderFlowTest.customer();
    var staffFeed = connect("", staff);
    var aliceFeed = connect("", alice);
    // a browser's EventSource cannot set headers: the token comes in the query
    var bobFeed = LiveClient.connect(vertx, system.port(), "/live/events?access_token=" + bob, Map.of());
    assertEquals(200, bobFeed.status());
    try {
      var aliceOrder = confirmedOrder(alice);
      var bobOrder = confirmedOrder(bob);
      var expected = List.of("order.created", "order.confirmed");
      eventually(() -> aliceFeed.eventsOfOrder(aliceOrder).contains("order.confirmed")
        && bobFeed.eventsOfOrder(bobOrder).contains("order.confirmed")
        && staffFeed.eventsOfOrder(aliceOrder).contains("order.confirmed")
        && staffFeed.eventsOfOrder(bobOrder).contains("order.confirmed"));
      assertEquals(expected, aliceFeed.eventsOfOrder(aliceOrder));
      assertEquals(expected, bobFeed.eventsOfOrder(bobOrder));
      // one aggregate's events keep their order; the stock's come on a topic of their own
      for (var order : List.of(aliceOrder, bobOrder)) {
        var seen = staffFeed.eventsOfOrder(order);
        assertEquals(expected, seen.stream().filter(e -> e.startsWith("order.")).toList());
        assertTrue(seen.containsAll(List.of("stock.reserved", "stock.adjusted")), seen::toString);
      }

      var aliceId = userId(alice);
      for (var message : aliceFeed.messages()) {
        assertEquals(aliceId, message.data().getJsonObject("data").getString("customer_id"), message::toString);
        assertFalse(message.data().encode().contains("unit_cost"), message::toString);
        assertEquals(message.id(), message.data().getString("id"));
      }
      assertTrue(bobFeed.eventsOfOrder(aliceOrder).isEmpty());
      // staff see what the shop keeps to itself as well
      assertTrue(staffFeed.messages().stream().anyMatch(m -> m.data().encode().contains("unit_cost")));
    } finally {
      staffFeed.close();
      aliceFeed.close();
      bobFeed.close();
    }
  }

  @Test
  void theTypesFilterSendsOnlyTheTypesAskedFor() {
    var customer = OrderFlowTest.customer();
    var confirmations = connect("?types=order.confirmed,payment.*", staff);
    try {
      var id = confirmedOrder(customer);
      eventually(() -> !confirmations.eventsOfOrder(id).isEmpty());
      var second = confirmedOrder(customer);
      eventually(() -> !confirmations.eventsOfOrder(second).isEmpty());
      assertTrue(confirmations.messages().stream().allMatch(m -> m.event().equals("order.confirmed")),
        confirmations.messages()::toString);
      assertEquals(List.of("order.confirmed"), confirmations.eventsOfOrder(id));
    } finally {
      confirmations.close();
    }
  }

  @Test
  void aReconnectWithTheLastEventIdLosesNothing() {
    var customer = OrderFlowTest.customer();
    var first = connect("?types=order.*", staff);
    String lastSeen;
    try {
      var before = confirmedOrder(customer);
      eventually(() -> first.eventsOfOrder(before).contains("order.confirmed"));
      var messages = first.messages();
      lastSeen = messages.get(messages.size() - 1).id();
    } finally {
      first.close();
    }
    var whileAway = confirmedOrder(customer);
    var alsoAway = confirmedOrder(customer);
    // the live feed hears about them even though no client listens
    var watcher = connect("?types=order.confirmed", staff);
    try {
      var third = confirmedOrder(customer);
      eventually(() -> watcher.eventsOfOrder(third).contains("order.confirmed"));
    } finally {
      watcher.close();
    }
    var again = LiveClient.connect(vertx, system.port(), "/live/events?types=order.*", Map.of(
      "Authorization", "Bearer " + staff, "Last-Event-ID", lastSeen));
    try {
      assertEquals(200, again.status());
      // each order is confirmed in a lane of its own: the first placed is not always the first confirmed
      eventually(() -> again.eventsOfOrder(alsoAway).contains("order.confirmed")
        && again.eventsOfOrder(whileAway).contains("order.confirmed"));
      assertEquals(List.of("order.created", "order.confirmed"), again.eventsOfOrder(whileAway));
      assertEquals(List.of("order.created", "order.confirmed"), again.eventsOfOrder(alsoAway));
      assertTrue(again.messages().stream().noneMatch(m -> m.id() != null && m.id().equals(lastSeen)));
      assertTrue(again.messages().stream().noneMatch(m -> m.event().equals("gap")));
    } finally {
      again.close();
    }
  }

  @Test
  void aReconnectFromBeyondTheBufferIsToldOfTheGap() {
    var away = LiveClient.connect(vertx, system.port(), "/live/events", Map.of(
      "Authorization", "Bearer " + staff, "Last-Event-ID", UUID.randomUUID().toString()));
    try {
      eventually(() -> !away.messages().isEmpty());
      assertEquals("gap", away.messages().get(0).event());
    } finally {
      away.close();
    }
  }

  @Test
  void aFeedWithoutAValidTokenOrWithAMalformedFilterIsRefused() {
    var anonymous = LiveClient.connect(vertx, system.port(), "/live/events", Map.of());
    assertEquals(401, anonymous.status());
    anonymous.close();
    var forged = LiveClient.connect(vertx, system.port(), "/live/events?access_token=" + UUID.randomUUID(), Map.of());
    assertEquals(401, forged.status());
    forged.close();
    var malformed = LiveClient.connect(vertx, system.port(), "/live/events?types=order", Map.of(
      "Authorization", "Bearer " + staff));
    assertEquals(400, malformed.status());
    malformed.close();
    assertEquals(401, api.get("/live/events").status());
  }
}
