package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.catalog.CatalogVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.orders.OrdersVerticle;
import com.shopifygenie.platform.Settings;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slow client never slows anyone else: each feed may have only a few bytes waiting for it, and a
 * user only a few feeds at once.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedLimitsTest {

  private static final int FEEDS_PER_USER = 3;

  TestSystem system;
  Vertx vertx;
  String staff;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    system = TestSystem.create(vertx);
    Settings.put(system.settings(), "live.queue_bytes", 2048);
    Settings.put(system.settings(), "live.connections_per_user", FEEDS_PER_USER);
    system.deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    OrderFlowTest.api = system.client();
    staff = OrderFlowTest.token(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    OrderFlowTest.staff = staff;
    OrderFlowTest.productWithStock("SLOW-1", 1000);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  private String confirmedOrder(String token) {
    var placed = OrderFlowTest.order(token, "SLOW-1", 1);
    assertEquals(201, placed.status(), placed::toString);
    return placed.json().getString("id");
  }

  @Test
  void aClientThatStopsReadingIsCutOffWhileTheOthersKeepReceiving() throws IOException {
    var customer = OrderFlowTest.customer();
    for (int i = 0; i < 30; i++) {
      confirmedOrder(customer);
    }
    // asks for everything kept (an id the buffer never had), and never reads a byte of it
    var slow = new Socket();
    slow.setReceiveBufferSize(1024);
    slow.connect(new InetSocketAddress("127.0.0.1", system.port()));
    slow.getOutputStream().write(("GET /live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + staff
      + "\r\nLast-Event-ID: " + UUID.randomUUID() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    slow.getOutputStream().flush();
    var reader = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + staff));
    try {
      assertEquals(200, reader.status());
      var later = confirmedOrder(customer);
      eventually(() -> reader.eventsOfOrder(later).contains("order.confirmed"));

      // the server closed the slow client's connection: what reached it ends, without the later order
      slow.setSoTimeout(30_000);
      var received = readToTheEnd(slow.getInputStream());
      assertTrue(received.startsWith("HTTP/1.1 200"), received);
      assertFalse(received.contains(later), "the slow client was not cut off");
    } finally {
      slow.close();
      reader.close();
    }
  }

  /** Everything until the server closes the connection (or resets it, dropping what was queued). */
  private static String readToTheEnd(InputStream in) throws IOException {
    var bytes = new ByteArrayOutputStream();
    var chunk = new byte[8192];
    try {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        bytes.write(chunk, 0, n);
      }
    } catch (SocketException reset) {
      // a connection closed with bytes still queued is reset: it ended all the same
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aUserBeyondItsLimitOfFeedsIsRefusedWith429NamingTheLimit() {
    var customer = OrderFlowTest.customer();
    var feeds = new ArrayList<LiveClient>();
    try {
      for (int i = 0; i < FEEDS_PER_USER; i++) {
        feeds.add(LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer)));
        assertEquals(200, feeds.get(i).status());
      }
      var refused = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer));
      feeds.add(refused);
      assertEquals(429, refused.status(), refused::text);
      eventually(() -> refused.text().endsWith("}"));
      var problem = new JsonObject(refused.text());
      assertEquals(429, problem.getInteger("status"));
      assertTrue(problem.getString("detail").contains("live.connections_per_user"), problem::toString);
      // other users are not counted against it
      var other = LiveClient.connect(vertx, system.port(), "/live/events",
        Map.of("Authorization", "Bearer " + OrderFlowTest.customer()));
      feeds.add(other);
      assertEquals(200, other.status());

      // a feed closed frees its place
      feeds.remove(0).close();
      eventually(() -> {
        var again = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer));
        feeds.add(again);
        return again.status() == 200;
      });
    } finally {
      feeds.forEach(LiveClient::close);
    }
  }
}
