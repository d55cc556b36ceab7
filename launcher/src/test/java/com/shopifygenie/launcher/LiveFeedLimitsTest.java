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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slow client never slows anyone else: each feed may have only a few bytes waiting for it, and a
 * user only a few feeds at once.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// the node limit is filled last: feeds closed by a test are counted down a moment after it ends
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveFeedLimitsTest {

  private static final int FEEDS_PER_USER = 3;
  private static final int FEEDS_PER_NODE = 8;
  /**
   * A queue that takes a burst a reading client is sent at once (the events of a relay's batch, which
   * the lingers of the event path make tens of events) with room to spare.
   */
  private static final int QUEUE_BYTES = 65_536;
  /** Far past what a stalled connection's socket buffers (4 KiB sent, 1 KiB received) and queue hold. */
  private static final int OVERFLOW_BYTES = 8 * QUEUE_BYTES;

  TestSystem system;
  Vertx vertx;
  String staff;

  @BeforeAll
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    system = newSystem(vertx);
    Settings.put(system.settings(), "live.queue_bytes", QUEUE_BYTES);
    Settings.put(system.settings(), "live.send_buffer_bytes", 4096);
    Settings.put(system.settings(), "live.connections_per_user", FEEDS_PER_USER);
    Settings.put(system.settings(), "live.connections_per_node", FEEDS_PER_NODE);
    system.deploy(AuthVerticle::new, CatalogVerticle::new, OrdersVerticle::new, GatewayVerticle::new);
    OrderFlowTest.api = system.client();
    staff = OrderFlowTest.token(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    OrderFlowTest.staff = staff;
    OrderFlowTest.productWithStock("SLOW-1", 1000);
  }

  /** On the local event bus; {@link KafkaLiveFeedLimitsTest} runs the same on Kafka. */
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.create(vertx);
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
    var reader = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + staff));
    try (var slow = StalledReader.sse(system.port(), staff)) {
      assertEquals(200, reader.status());
      var later = overflow(reader, OrderFlowTest.customer());
      var received = slow.readUntilClosedOr(later);
      assertTrue(received.startsWith("HTTP/1.1 200"), received);
      assertFalse(received.contains(later), "the slow client was not cut off");
    } finally {
      reader.close();
    }
  }

  @Test
  void aWebSocketThatStopsReadingIsCutOffWhileTheOthersKeepReceiving() throws IOException {
    var reader = LiveSocketClient.withHeader(vertx, system.port(), "", staff, null);
    var sse = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + staff));
    try (var slow = StalledReader.webSocket(system.port(), staff)) {
      var later = overflow(sse, OrderFlowTest.customer());
      eventually(() -> reader.eventsOfOrder(later).contains("order.confirmed"));
      var received = slow.readUntilClosedOr(later);
      assertTrue(received.startsWith("HTTP/1.1 101"), received);
      assertFalse(received.contains(later), "the slow client was not cut off");
    } finally {
      reader.close();
      sse.close();
    }
  }

  @Test
  void aWebSocketThatSendsPingsAndReadsNoPongsIsClosed() throws IOException {
    // Vert.x answers each ping by itself: unread pongs piled up on the heap until it ran out
    try (var anonymous = StalledReader.anonymousWebSocket(system.port());
         var signedIn = StalledReader.webSocket(system.port(), OrderFlowTest.customer())) {
      assertTrue(anonymous.pingUntilClosed(OVERFLOW_BYTES * 64) < OVERFLOW_BYTES * 64, "the anonymous socket was not closed");
      assertTrue(signedIn.pingUntilClosed(OVERFLOW_BYTES * 64) < OVERFLOW_BYTES * 64, "the feed was not closed");
    }
  }

  @Test
  void aWebSocketResetRightAfterItsHandshakeFreesItsPlace() throws IOException {
    var customer = OrderFlowTest.customer();
    for (int i = 0; i <= FEEDS_PER_USER; i++) {
      StalledReader.resetRightAfter(system.port(), StalledReader.webSocketRequest(customer));
    }
    // each reset held one of the user's places for good
    eventually(() -> {
      var feed = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer));
      feed.close();
      return feed.status() == 200;
    });
  }

  /**
   * A client back from far away is sent the whole buffer, many times its queue: at the pace it
   * reads, not at once (all of it was queued at once, so even a fast reader was cut off after a
   * few hundred events, or, resuming by the auth message of a WebSocket, its connection reset
   * before its first message); and the events that come meanwhile, more than its queue, after it.
   */
  @Test
  void aReplayLongerThanTheQueueReachesAReaderWhole() {
    var reader = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + staff));
    var unknown = "01900000-0000-7000-8000-000000000000";
    LiveClient sse = null;
    LiveSocketClient socket = null;
    var customer = OrderFlowTest.customer();
    var ordering = new AtomicBoolean(true);
    try {
      overflow(reader, customer);
      // events go on coming while the replays go out: they wait behind them, however many
      var meanwhile = CompletableFuture.runAsync(() -> {
        while (ordering.get()) {
          confirmedOrder(customer);
        }
      });
      sse = LiveClient.connect(vertx, system.port(), "/live/events",
        Map.of("Authorization", "Bearer " + staff, "Last-Event-ID", unknown));
      assertEquals(200, sse.status());
      socket = LiveSocketClient.withAuthMessage(vertx, system.port(), "", staff, unknown);
      var from = reader.length();
      eventually(() -> reader.length() - from > 2 * QUEUE_BYTES);
      ordering.set(false);
      meanwhile.join();
      var later = confirmedOrder(customer);
      eventually(() -> reader.eventsOfOrder(later).contains("order.confirmed"));
      // the orders placed meanwhile are decided in parallel lanes: the last of them may be heard
      // after the later one, so what the reader had is awaited, not read at one moment
      var readerHad = idsOf(reader);
      for (var feed : List.<LiveFeedClient>of(sse, socket)) {
        eventually(() -> feed.ended()
          || feed.eventsOfOrder(later).contains("order.confirmed") && Set.copyOf(idsOf(feed)).containsAll(readerHad));
        assertFalse(feed.ended(), "a reading client was cut off during its replay or after it");
        var events = feed.messages().stream().map(LiveFeedClient.Message::event).toList();
        assertEquals("gap", events.stream().filter(e -> !e.equals("connected")).findFirst().orElseThrow());
        var ids = idsOf(feed);
        assertEquals(ids.size(), Set.copyOf(ids).size(), "an event was sent twice");
      }
    } finally {
      ordering.set(false);
      reader.close();
      if (sse != null) {
        sse.close();
      }
      if (socket != null) {
        socket.close();
      }
    }
  }

  /** The heartbeat found a closed connection, seconds after the client left; the close itself frees it now. */
  @Test
  void aServerSentEventsFeedItsClientClosedFreesItsPlaceAtOnce() {
    var customer = OrderFlowTest.customer();
    var feeds = new ArrayList<LiveClient>();
    try {
      for (int i = 0; i < FEEDS_PER_USER; i++) {
        feeds.add(LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer)));
        assertEquals(200, feeds.get(i).status());
      }
      feeds.get(0).close();
      // a heartbeat comes every 15 s here
      eventually(Duration.ofSeconds(3), () -> {
        var again = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer));
        feeds.add(again);
        return again.status() == 200;
      });
    } finally {
      feeds.forEach(LiveClient::close);
    }
  }

  private static List<String> idsOf(LiveFeedClient feed) {
    return feed.messages().stream().map(LiveFeedClient.Message::id).filter(Objects::nonNull).toList();
  }

  /**
   * Places orders until the reader (staff, so it is sent what a stalled staff client is sent) has
   * received far more than the kernel's socket buffers and the queue can hold, then one more
   * order, whose id is returned once the reader has its confirmation: a stalled client was cut
   * off long before it, and never receives it.
   */
  private String overflow(LiveClient reader, String customer) {
    var from = reader.length();
    while (reader.length() - from < OVERFLOW_BYTES) {
      assertFalse(reader.ended(), "the reading client was cut off too");
      confirmedOrder(customer);
    }
    var later = confirmedOrder(customer);
    eventually(() -> reader.eventsOfOrder(later).contains("order.confirmed"));
    return later;
  }

  @Test
  void aUserBeyondItsLimitOfFeedsIsRefusedWith429NamingTheLimit() {
    var customer = OrderFlowTest.customer();
    var feeds = new ArrayList<LiveClient>();
    // a WebSocket counts with the Server-Sent Events
    var socket = LiveSocketClient.withAuthMessage(vertx, system.port(), "", customer, null);
    try {
      for (int i = 0; i < FEEDS_PER_USER - 1; i++) {
        feeds.add(LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer)));
        assertEquals(200, feeds.get(i).status());
      }
      var refused = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer));
      feeds.add(refused);
      var problem = problemOf(refused);
      assertEquals(429, problem.getInteger("status"));
      assertTrue(problem.getString("detail").contains("live.connections_per_user"), problem::toString);
      var refusedSocket = LiveSocketClient.connect(vertx, system.port(), "/live/ws",
        Map.of("Authorization", "Bearer " + customer));
      refusedSocket.close();
      assertEquals(429, refusedSocket.status());
      var tooManySockets = LiveSocketClient.connect(vertx, system.port(), "/live/ws", Map.of());
      try {
        tooManySockets.send(new JsonObject().put("type", "auth").put("access_token", customer).encode());
        eventually(tooManySockets::closed);
        assertEquals(4429, (int) tooManySockets.closeCode(), tooManySockets.closeReason());
        assertTrue(tooManySockets.closeReason().contains("live.connections_per_user"), tooManySockets.closeReason());
      } finally {
        tooManySockets.close();
      }
      // other users are not counted against it
      var other = LiveClient.connect(vertx, system.port(), "/live/events",
        Map.of("Authorization", "Bearer " + OrderFlowTest.customer()));
      feeds.add(other);
      assertEquals(200, other.status());

      // a feed closed frees its place, a WebSocket as well
      socket.close();
      eventually(() -> {
        var again = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + customer));
        feeds.add(again);
        return again.status() == 200;
      });
    } finally {
      socket.close();
      feeds.forEach(LiveClient::close);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void aNodeBeyondItsLimitOfFeedsRefusesWith429NamingTheLimit() {
    var feeds = new ArrayList<LiveClient>();
    try {
      LiveClient refused = null;
      // one feed per user, so only the node's limit can refuse one
      while (refused == null && feeds.size() <= FEEDS_PER_NODE) {
        var feed = LiveClient.connect(vertx, system.port(), "/live/events",
          Map.of("Authorization", "Bearer " + OrderFlowTest.customer()));
        feeds.add(feed);
        if (feed.status() != 200) {
          refused = feed;
        }
      }
      assertNotNull(refused, "the node held more than its limit of " + FEEDS_PER_NODE + " feeds");
      var problem = problemOf(refused);
      assertEquals(429, problem.getInteger("status"));
      assertTrue(problem.getString("detail").contains("live.connections_per_node"), problem::toString);
    } finally {
      feeds.forEach(LiveClient::close);
    }
  }

  private static JsonObject problemOf(LiveClient refused) {
    assertEquals(429, refused.status(), refused::text);
    eventually(() -> refused.text().endsWith("}"));
    return new JsonObject(refused.text());
  }
}
