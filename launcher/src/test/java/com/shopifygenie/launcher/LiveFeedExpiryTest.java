package com.shopifygenie.launcher;

import com.shopifygenie.auth.AuthVerticle;
import com.shopifygenie.gateway.GatewayVerticle;
import com.shopifygenie.platform.Settings;
import com.shopifygenie.testkit.TestSettings;
import com.shopifygenie.testkit.TestSystem;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static com.shopifygenie.testkit.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A live feed lasts as long as its access token: tokens here live 2 s, heartbeats come every
 * second; a WebSocket has 1 s to authenticate. Requests get 1 s as well, which a feed outlives.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveFeedExpiryTest {

  TestSystem system;
  Vertx vertx;

  @BeforeAll
  void start(Vertx vertx) {
    this.vertx = vertx;
    system = newSystem(vertx);
    Settings.put(system.settings(), "auth.access_token_ttl_seconds", 2);
    Settings.put(system.settings(), "live.heartbeat_seconds", 1);
    Settings.put(system.settings(), "live.auth_seconds", 1);
    Settings.put(system.settings(), "http.request_timeout_seconds", 1);
    system.deploy(AuthVerticle::new, GatewayVerticle::new);
    OrderFlowTest.api = system.client();
  }

  /** On the local event bus; {@link KafkaLiveFeedExpiryTest} runs the same on Kafka. */
  TestSystem newSystem(Vertx vertx) {
    return TestSystem.create(vertx);
  }

  @AfterAll
  void stop() {
    system.stop();
  }

  @Test
  void aTokenThatExpiresWhileConnectedEndsTheStreamWithAReason() {
    var token = OrderFlowTest.token(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    var feed = LiveClient.connect(vertx, system.port(), "/live/events", Map.of("Authorization", "Bearer " + token));
    try {
      assertEquals(200, feed.status());
      eventually(() -> feed.messages().stream().anyMatch(m -> m.event().equals("end")));
      var end = feed.messages().get(feed.messages().size() - 1);
      assertEquals("end", end.event());
      assertTrue(end.data().getString("reason").contains("expired"), end::toString);
    } finally {
      feed.close();
    }
  }

  @Test
  void aTokenThatExpiresWhileConnectedEndsTheWebSocketWithAReason() {
    var token = OrderFlowTest.token(TestSettings.ADMIN_EMAIL, TestSettings.ADMIN_PASSWORD);
    var feed = LiveSocketClient.withAuthMessage(vertx, system.port(), "", token, null);
    try {
      eventually(feed::closed);
      assertEquals(4401, (int) feed.closeCode(), feed.closeReason());
      assertTrue(feed.closeReason().contains("expired"), feed.closeReason());
      var end = feed.messages().get(feed.messages().size() - 1);
      assertEquals("end", end.event());
      assertEquals(feed.closeReason(), end.data().getString("reason"));
    } finally {
      feed.close();
    }
  }

  @Test
  void aWebSocketWithoutAnAuthMessageInTimeIsClosedWithAReason() {
    var feed = LiveSocketClient.connect(vertx, system.port(), "/live/ws", Map.of());
    try {
      assertEquals(101, feed.status());
      eventually(feed::closed);
      assertEquals(4408, (int) feed.closeCode(), feed.closeReason());
      assertTrue(feed.closeReason().contains("no auth message"), feed.closeReason());
      assertTrue(feed.messages().isEmpty(), feed.messages()::toString);
    } finally {
      feed.close();
    }
  }

  /** The live page renews its token and opens a new feed each time the server ends one for expiry. */
  @Test
  void theLivePageTakesAFreshTokenWhenItsFeedEndsForExpiry() throws Exception {
    assumeTrue(Chromium.available(), "no browser at " + Chromium.BINARY + " (Debian's chromium package): "
      + "the live page is not tried in a browser");
    try (var browser = Chromium.start(vertx)) {
      browser.navigate("http://127.0.0.1:" + system.port() + "/live");
      browser.evaluate("const form = document.getElementById('login');"
        + "form.email.value = '" + TestSettings.ADMIN_EMAIL + "';"
        + "form.password.value = '" + TestSettings.ADMIN_PASSWORD + "';"
        + "form.requestSubmit(); true");
      // two ends for expiry, each followed by a feed opened with a token the refresh gave
      eventually(() -> Boolean.TRUE.equals(browser.evaluate(
        "Array.from(document.querySelectorAll('#events tr.notice')).filter(row => row.textContent.includes('expired'))"
          + ".length >= 2 && document.getElementById('status').textContent === 'Live'")));
      assertTrue((Boolean) browser.evaluate("document.getElementById('login').hidden"), "the page signed out");
    }
  }
}
