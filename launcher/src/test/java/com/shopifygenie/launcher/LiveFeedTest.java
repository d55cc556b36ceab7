package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.testkit.ApiClient;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live feed at the gateway, fed by the domains' events: who sees what, while orders are
 * placed, paid, shipped and refunded; over Server-Sent Events and WebSocket alike. Run once per
 * event transport by the subclasses.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveFeedTest {

  /** What carries the feed to the client. */
  enum Wire { SSE, WEBSOCKET }

  TestSystem system;
  ApiClient api;
  Shop shop;
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
    shop = new Shop(api, staff);
    OrderFlowTest.productWithStock("LIVE-1", 100);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  /** A feed authenticated by its Authorization header. */
  private LiveFeedClient connect(Wire wire, String query, String token) {
    if (wire == Wire.WEBSOCKET) {
      return LiveSocketClient.withHeader(vertx, system.port(), query, token, null);
    }
    var client = LiveClient.connect(vertx, system.port(), "/live/events" + query,
      Map.of("Authorization", "Bearer " + token));
    assertEquals(200, client.status());
    return client;
  }

  /**
   * A feed opened as a browser opens it (its EventSource and WebSocket cannot set headers): the
   * token in the query or in the auth message, with the last event id it saw, if any.
   */
  private LiveFeedClient connectAsBrowser(Wire wire, String query, String token, String lastEventId) {
    if (wire == Wire.WEBSOCKET) {
      return LiveSocketClient.withAuthMessage(vertx, system.port(), query, token, lastEventId);
    }
    var client = LiveClient.connect(vertx, system.port(), "/live/events" + (query.isEmpty() ? "?" : query + "&")
      + "access_token=" + token, lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
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

  /** Each step once the staff feed has heard the one before: steps on different topics keep their order. */
  private static void step(LiveFeedClient staffFeed, String orderId, String event, Runnable action) {
    action.run();
    eventually(() -> staffFeed.eventsOfOrder(orderId).contains(event));
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void staffSeeEveryEventAndEachCustomerOnlyItsOwnWithoutCosts(Wire wire) {
    var alice = OrderFlowTest.customer();
    var bob = OrderFlowTest.customer();
    var staffFeed = connect(wire, "", staff);
    var aliceFeed = connect(wire, "", alice);
    var bobFeed = connectAsBrowser(wire, "", bob, null);
    try {
      var aliceOrder = confirmedOrder(alice);
      var bobOrder = confirmedOrder(bob);
      eventually(() -> staffFeed.eventsOfOrder(aliceOrder).contains("order.confirmed")
        && staffFeed.eventsOfOrder(bobOrder).contains("order.confirmed"));
      var amount = shop.get(aliceOrder).getJsonObject("total").getLong("amount");
      step(staffFeed, aliceOrder, "payment.processed",
        () -> assertEquals(201, shop.pay(aliceOrder, Shop.VISA, "123", amount, alice).await().status()));
      step(staffFeed, aliceOrder, "order.shipped",
        () -> assertEquals(201, shop.ship(aliceOrder, Shop.lines("LIVE-1", 1)).await().status()));
      step(staffFeed, aliceOrder, "order.refunded",
        () -> assertEquals(201, shop.refundAmount(aliceOrder, 1, "goodwill").await().status()));
      step(staffFeed, bobOrder, "payment.processed",
        () -> assertEquals(201, shop.pay(bobOrder, Shop.VISA, "123", amount, bob).await().status()));

      var aliceLife = List.of("order.created", "order.confirmed", "payment.processed", "order.shipped",
        "order.refunded");
      var bobLife = List.of("order.created", "order.confirmed", "payment.processed");
      eventually(() -> aliceFeed.eventsOfOrder(aliceOrder).size() >= aliceLife.size()
        && bobFeed.eventsOfOrder(bobOrder).size() >= bobLife.size());
      assertEquals(aliceLife, aliceFeed.eventsOfOrder(aliceOrder));
      assertEquals(bobLife, bobFeed.eventsOfOrder(bobOrder));
      // staff see the stock's events as well, which customers never do
      assertEquals(aliceLife, staffFeed.eventsOfOrder(aliceOrder).stream().filter(e -> !e.startsWith("stock.")).toList());
      assertEquals(bobLife, staffFeed.eventsOfOrder(bobOrder).stream().filter(e -> !e.startsWith("stock.")).toList());
      assertTrue(staffFeed.eventsOfOrder(aliceOrder).containsAll(List.of("stock.reserved", "stock.adjusted")),
        staffFeed.eventsOfOrder(aliceOrder)::toString);

      for (var feed : Map.of(userId(alice), aliceFeed, userId(bob), bobFeed).entrySet()) {
        var messages = feed.getValue().messages().stream().filter(m -> m.id() != null).toList();
        assertFalse(messages.isEmpty());
        for (var message : messages) {
          assertEquals(feed.getKey(), message.data().getJsonObject("data").getString("customer_id"), message::toString);
          assertFalse(message.data().encode().contains("unit_cost"), message::toString);
          assertEquals(message.id(), message.data().getString("id"));
        }
      }
      assertTrue(bobFeed.eventsOfOrder(aliceOrder).isEmpty());
      assertTrue(aliceFeed.eventsOfOrder(bobOrder).isEmpty());
      // staff see what the shop keeps to itself as well
      assertTrue(staffFeed.messages().stream().anyMatch(m -> m.data() != null && m.data().encode().contains("unit_cost")));
    } finally {
      staffFeed.close();
      aliceFeed.close();
      bobFeed.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void theTypesFilterSendsOnlyTheTypesAskedFor(Wire wire) {
    var customer = OrderFlowTest.customer();
    var confirmations = connect(wire, "?types=order.confirmed,payment.*", staff);
    try {
      var id = confirmedOrder(customer);
      eventually(() -> !confirmations.eventsOfOrder(id).isEmpty());
      var second = confirmedOrder(customer);
      eventually(() -> !confirmations.eventsOfOrder(second).isEmpty());
      assertTrue(confirmations.messages().stream().filter(m -> m.id() != null)
        .allMatch(m -> m.event().equals("order.confirmed")), confirmations.messages()::toString);
      assertEquals(List.of("order.confirmed"), confirmations.eventsOfOrder(id));
    } finally {
      confirmations.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aReconnectWithTheLastEventIdLosesNothing(Wire wire) {
    var customer = OrderFlowTest.customer();
    var first = connect(wire, "?types=order.*", staff);
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
    var watcher = connect(wire, "?types=order.confirmed", staff);
    try {
      var third = confirmedOrder(customer);
      eventually(() -> watcher.eventsOfOrder(third).contains("order.confirmed"));
    } finally {
      watcher.close();
    }
    var again = connectAsBrowser(wire, "?types=order.*", staff, lastSeen);
    try {
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

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aReconnectFromBeyondTheBufferIsToldOfTheGap(Wire wire) {
    var away = connectAsBrowser(wire, "", staff, UUID.randomUUID().toString());
    try {
      eventually(() -> away.messages().stream().anyMatch(m -> m.event().equals("gap")));
      assertEquals("gap", away.messages().stream().filter(m -> !m.event().equals("connected")).findFirst()
        .orElseThrow().event());
    } finally {
      away.close();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "Sec-WebSocket-Version: 13 | 400",
    "Sec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: bad | 400",
    "Sec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAAAAAAAA | 400",
    "Sec-WebSocket-Version: 99\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== | 426",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== | 426"})
  void aHandshakeWithoutASoundKeyOrVersionIsAProblem(String headers, int status) {
    var sent = new HashMap<String, String>(Map.of("Upgrade", "websocket", "Connection", "Upgrade"));
    for (var header : headers.split("\\\\r\\\\n")) {
      var colon = header.indexOf(':');
      sent.put(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
    }
    var answer = api.send(HttpMethod.GET, "/live/ws", null, null, sent);
    assertEquals(status, answer.status(), answer::toString);
    assertEquals("application/problem+json", answer.header("Content-Type"), answer::toString);
    if (status == 426) {
      assertEquals("13", answer.header("Sec-WebSocket-Version"), answer::toString);
    } else {
      assertEquals("header.Sec-WebSocket-Key", answer.json().getJsonArray("errors").getJsonObject(0).getString("field"),
        answer::toString);
    }
  }

  /** RFC 6455 §4.1 and §11.3.1, RFC 9110 §7.8: handshakes no WebSocket may come of, refused as problems. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "HTTP/1.1 | Connection: keep-alive | header.Connection",
    "HTTP/1.1 | Upgrade-Insecure-Requests: 1 | header.Connection",
    "HTTP/1.0 | Connection: Upgrade | request",
    "HTTP/1.1 | Connection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== | header.Sec-WebSocket-Key"})
  void aHandshakeTheRfcsForbidIsAProblem(String version, String headers, String field) {
    try (var client = new RawHttp(system.port())) {
      client.send("GET /live/ws " + version + "\r\nHost: localhost\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + headers.replace("\\r\\n", "\r\n") + "\r\n\r\n");
      var received = client.untilClosed();
      assertEquals(List.of(400), RawHttp.statuses(received), received);
      var answer = RawHttp.responses(received).get(0);
      assertEquals("application/problem+json", answer.header("Content-Type"), received);
      assertEquals(field, new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0).getString("field"), received);
    }
  }

  /**
   * RFC 6455 §5.2, §5.5, §7.4.1, §8.1: a frame that breaks the protocol fails the socket with a
   * Close frame whose code says why, then the connection closes.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "C1 | 7b7d | true | 1002", // RSV1 without an extension
    "91 | 7b7d | true | 1002", // RSV3
    "81 | fffe7b7d | true | 1007", // a text message not in UTF-8
    "81 | 7b7d | false | 1002", // a client's frame unmasked
    "83 | 78 | true | 1002", // a reserved opcode
    "09 | 78 | true | 1002", // a control frame fragmented
    "80 | 78 | true | 1002", // a continuation with nothing to continue
    "88 | 03e7 | true | 1002", // a close code no endpoint may send (999)
    "88 | 1388 | true | 1002"}) // nor past the private range (5000)
  void aFrameThatBreaksTheProtocolClosesTheSocketWithItsCode(String first, String payloadHex, boolean masked,
      int code) {
    try (var client = new RawHttp(system.port())) {
      client.send("GET /live/ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
      client.send(frame(Integer.parseInt(first, 16), HexFormat.of().parseHex(payloadHex), masked));
      var received = client.untilClosed();
      assertTrue(received.startsWith("HTTP/1.1 101 "), received);
      var frames = received.substring(received.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
      assertTrue(frames.length >= 4, received);
      assertEquals(0x88, frames[0] & 0xff, received);
      assertEquals(code, (frames[2] & 0xff) << 8 | frames[3] & 0xff, received);
      // one Close frame and nothing after it
      assertEquals(frames.length - 2, frames[1] & 0x7f, received);
    }
  }

  private static byte[] frame(int first, byte[] payload, boolean masked) {
    var frame = new java.io.ByteArrayOutputStream();
    frame.write(first);
    frame.write((masked ? 0x80 : 0) | payload.length);
    var mask = new byte[] {0x12, 0x34, 0x56, 0x78};
    if (masked) {
      frame.writeBytes(mask);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(masked ? payload[i] ^ mask[i % 4] : payload[i]);
    }
    return frame.toByteArray();
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

  @Test
  void aWebSocketWithoutAValidTokenOrWithAMalformedFilterIsRefused() throws IOException {
    var forged = LiveSocketClient.connect(vertx, system.port(), "/live/ws",
      Map.of("Authorization", "Bearer " + UUID.randomUUID()));
    assertEquals(401, forged.status());
    forged.close();
    var malformed = LiveSocketClient.connect(vertx, system.port(), "/live/ws?types=order",
      Map.of("Authorization", "Bearer " + staff));
    assertEquals(400, malformed.status());
    malformed.close();
    // not a WebSocket at all, or a handshake without its key: answered, never left hanging
    assertEquals(426, api.get("/live/ws", staff).status());
    for (var authorization : List.of("", "Authorization: Bearer " + staff + "\r\n")) {
      try (var raw = new Socket("127.0.0.1", system.port())) {
        raw.setSoTimeout(30_000);
        raw.getOutputStream().write(("GET /live/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n" + authorization + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
        var status = new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        assertTrue(status.startsWith("HTTP/1.1 4"), status);
      }
    }

    // a name twice is malformed, as in a request body: another reader would take the first one
    for (var message : List.of(new JsonObject().put("type", "auth").put("access_token", UUID.randomUUID().toString()).encode(),
        new JsonObject().put("type", "hello").encode(),
        "{\"type\":\"auth\",\"access_token\":\"x\",\"access_token\":\"" + staff + "\"}")) {
      var socket = LiveSocketClient.connect(vertx, system.port(), "/live/ws", Map.of());
      try {
        assertEquals(101, socket.status());
        socket.send(message);
        eventually(socket::closed);
        var invalidToken = !message.contains("hello") && !message.contains(staff);
        assertEquals(invalidToken ? 4401 : 4400, (int) socket.closeCode(), socket.closeReason());
        assertTrue(socket.closeReason().contains(invalidToken ? "access token" : "auth"), socket.closeReason());
        assertTrue(socket.messages().isEmpty(), socket.messages()::toString);
      } finally {
        socket.close();
      }
    }
    // the auth message is text: in a binary frame it is no auth message, told at once
    var binary = LiveSocketClient.connect(vertx, system.port(), "/live/ws", Map.of());
    try {
      assertEquals(101, binary.status());
      var sent = System.nanoTime();
      binary.sendBinary(new JsonObject().put("type", "auth").put("access_token", staff).encode());
      eventually(binary::closed);
      assertEquals(4400, (int) binary.closeCode(), binary.closeReason());
      assertTrue(System.nanoTime() - sent < 4_000_000_000L, "before the auth message's deadline");
    } finally {
      binary.close();
    }
  }
}
